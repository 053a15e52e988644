import Foundation
import Testing

/// `classify compress` and `classify train --prune/--quantize` from the command line.
@Suite(.serialized) struct CompressCommandTests {
    let scratch = Scratch()

    @Test func compressWritesASmallerModelThatPredictsAndTrainingWritesTheSameBytes() throws {
        defer { scratch.remove() }
        let full = scratch.file("full.classify")
        let small = scratch.file("small.classify")
        let trained = scratch.file("trained.classify")
        let train = try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", full, "--min-df", "1", "-q", "--prune", "none"])
        #expect(train.status == 0, "\(train.stderr)")
        let compress = try CLIRunner.run(["compress", full, "-o", small, "--prune", "0.05", "--quantize", "--json"])
        #expect(compress.status == 0, "\(compress.stderr)")
        let summary = try #require(JSONSerialization.jsonObject(with: Data(compress.stdout.utf8)) as? [String: String])
        let before = try #require(summary["bytes_before"].flatMap(Int.init))
        let after = try #require(summary["bytes_after"].flatMap(Int.init))
        #expect(after < before)
        #expect(try #require(summary["weights_after"].flatMap(Int.init)) < (try #require(summary["weights_before"].flatMap(Int.init))))
        let predict = try CLIRunner.run(["predict", "-m", small, CLIRunner.fixture("news/test")])
        #expect(predict.status == 0 && !predict.stdout.isEmpty, "\(predict.stderr)")
        let again = try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", trained, "--min-df", "1", "-q", "--prune", "0.05", "--quantize"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(FileManager.default.contents(atPath: trained) == FileManager.default.contents(atPath: small))
    }

    @Test func badRequestsGetOneLineErrors() throws {
        defer { scratch.remove() }
        let nb = scratch.file("nb.classify")
        let train = try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", nb, "--min-df", "1", "-q", "-c", "multinomial-nb"])
        #expect(train.status == 0, "\(train.stderr)")
        let cases: [([String], String)] = [
            (["compress", nb, "-o", scratch.file("x.classify"), "--prune", "0.1"], "multinomial-nb models cannot be compressed"),
            (["compress", nb, "-o", scratch.file("x.classify"), "--prune", "-1"], "--prune must be a fraction of each label's largest weight, from 0 to below 1"),
            (["compress", nb, "-o", scratch.file("x.classify"), "--prune", "lots"], "--prune must be a fraction from 0 to below 1, auto or none (got \"lots\")"),
            (["compress", nb, "-o", scratch.file("x.classify")], "multinomial-nb models cannot be compressed"),
            (["train", CLIRunner.fixture("news/train"), "-o", scratch.file("y.classify"), "--prune", "none", "--quantize"], "--prune none keeps every weight as it is"),
            (["compress", nb, "-o", nb], "is also an input"),
            (["train", CLIRunner.fixture("news/train"), "-o", scratch.file("y.classify"), "-c", "complement-nb", "--quantize"], "complement-nb models cannot be compressed"),
        ]
        for (arguments, message) in cases {
            let result = try CLIRunner.run(arguments)
            #expect(result.status != 0)
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.file("x.classify")))
    }
}
