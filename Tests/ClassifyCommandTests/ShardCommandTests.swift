import Foundation
import Testing

/// `classify stats`, `classify merge` and `classify train --vectorizer` as a cluster job runs them.
@Suite struct ShardCommandTests {
    let scratch = Scratch()

    /// The fixture training articles copied into `count` shard folders, by position.
    func shardFolders(_ count: Int) throws -> [String] {
        let source = CLIRunner.fixture("news/train")
        let files = try FileManager.default.contentsOfDirectory(atPath: source).sorted()
        return try (0..<count).map { shard in
            let folder = scratch.file("shard-\(shard)")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (index, file) in files.enumerated() where index % count == shard {
                try FileManager.default.copyItem(atPath: source + "/" + file, toPath: folder + "/" + file)
            }
            return folder
        }
    }

    @Test func shardModelsMergeIntoTheModelOfTheWholeCorpus() throws {
        defer { scratch.remove() }
        let shards = try shardFolders(3)
        var statistics: [String] = []
        for (index, shard) in shards.enumerated() {
            let path = scratch.file("s\(index).stats")
            let result = try CLIRunner.run(["stats", shard, "-o", path, "-c", "multinomial-nb", "-q"])
            #expect(result.status == 0, "\(result.stderr)")
            statistics.append(path)
        }
        let all = scratch.file("all.stats")
        let merged = try CLIRunner.run(["merge"] + statistics.reversed() + ["-o", all, "--json"])
        #expect(merged.status == 0 && merged.stdout.contains("\"documents\":\""))
        var models: [String] = []
        for (index, shard) in shards.enumerated() {
            let path = scratch.file("m\(index).classify")
            let result = try CLIRunner.run(["train", shard, "--vectorizer", all, "-c", "multinomial-nb", "-o", path, "-q"])
            #expect(result.status == 0, "\(result.stderr)")
            models.append(path)
        }
        let model = scratch.file("merged.classify")
        #expect(try CLIRunner.run(["merge"] + models + ["-o", model]).status == 0)
        let whole = scratch.file("whole.classify")
        #expect(try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-c", "multinomial-nb", "-o", whole, "-q"]).status == 0)
        #expect(FileManager.default.contents(atPath: model) == FileManager.default.contents(atPath: whole))
    }

    @Test func misuseIsAOneLineError() throws {
        defer { scratch.remove() }
        let shards = try shardFolders(2)
        let stats = scratch.file("s.stats")
        #expect(try CLIRunner.run(["stats", shards[0], "-o", stats, "-q"]).status == 0)
        let model = scratch.file("m.classify")
        #expect(try CLIRunner.run(["train", shards[0], "-c", "multinomial-nb", "-o", model, "-q"]).status == 0)
        let mixed = try CLIRunner.run(["merge", stats, model, "-o", scratch.file("x")])
        #expect(mixed.status == 1 && mixed.stderr == "Error: \(stats) is a statistics file but \(model) is not; merge statistics and models separately\n")
        let twice = try CLIRunner.run(["merge", model, model, "-o", scratch.file("y")])
        #expect(twice.status == 1 && twice.stderr == "Error: \(model) is given twice; each shard counts once\n")
        let copy = scratch.file("copy.classify")
        try FileManager.default.copyItem(atPath: model, toPath: copy)
        // A copy under another name is the same shard: its documents would count twice.
        let plain = try CLIRunner.run(["merge", model, copy, "-o", scratch.file("y")])
        #expect(plain.status == 1 && plain.stderr.hasPrefix("Error: \(copy) and \(model) were trained on the same documents (corpus digest "), "\(plain.stderr)")
        #expect(plain.stderr.hasSuffix("); each shard counts once\n"))
        let hashed = try CLIRunner.run(["stats", shards[0], "-o", scratch.file("h.stats"), "--hash-features", "18"])
        #expect(hashed.status == 1 && hashed.stderr.contains("hashed features") && hashed.stderr.split(separator: "\n").count == 1)
        let features = try CLIRunner.run(["train", shards[0], "--vectorizer", stats, "--ngrams", "3", "-o", scratch.file("z")])
        #expect(features.status == 1 && features.stderr == "Error: --vectorizer fixes the features to those of \(stats); drop the feature options\n")
        let initOnly = try CLIRunner.run(["train", shards[0], "--init", scratch.file("x.classify"), "-o", scratch.file("z")])
        #expect(initOnly.status == 1 && initOnly.stderr == "Error: --init starts a shard's round of parameter mixing; give --vectorizer STATS too\n")
        let damaged = scratch.write("bad.stats", Array((FileManager.default.contents(atPath: stats) ?? Data()).prefix(100)))
        let broken = try CLIRunner.run(["train", shards[0], "--vectorizer", damaged, "-o", scratch.file("w")])
        #expect(broken.status == 1 && broken.stderr.hasPrefix("Error: \(damaged): ") && !FileManager.default.fileExists(atPath: scratch.file("w")))
    }
}
