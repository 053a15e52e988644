import Foundation
import Testing

/// Hostile input through the shell (devices, pipes, crafted files): each is a one-line error with a non-zero exit that
/// leaves nothing behind, never a crash, a hang or an unbounded allocation.
@Suite struct HostileInputTests {
    let scratch = Scratch()

    /// Runs `script` in bash with `$CLASSIFY` set, killing it after `seconds`; returns (status,
    /// standard error).
    func shell(_ script: String, seconds: Double = 20) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["CLASSIFY": CLIRunner.executable, "OPENBLAS_NUM_THREADS": "1", "SCRATCH": scratch.path]) { $1 }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let hung = process.isRunning
        if hung { process.terminate() }
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!hung, "hung: \(script)")
        return (process.terminationStatus, stderr)
    }

    func trainOnFixture(_ extra: [String], output: String) throws -> CLIRunner.Result {
        try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", output, "-q"] + extra)
    }

    @Test func documentFrequenciesBeyondTheirRangeAreOneLineErrorsThatKeepTheOldModel() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        #expect(try trainOnFixture(["-c", "complement-nb"], output: model).status == 0)
        let before = FileManager.default.contents(atPath: model)
        for (option, value, shown) in [("--min-df", "inf", "inf"), ("--min-df", "1e308", "1e+308"), ("--min-df", "9223372036854775808", "9.223372036854776e+18"), ("--min-df", "-1", "-1"), ("--max-df", "1e308", "1e+308"), ("--max-df", "inf", "inf")] {
            let result = try trainOnFixture([option, value], output: model)
            let range = option == "--min-df" ? "a count from 1 to 2147483647 or a fraction between 0 and 1" : "a fraction between 0 and 1 or a count from 1 to 2147483647"
            #expect(result.status == 1 && result.stderr == "Error: \(option) must be \(range) (got \(shown))\n", "\(option) \(value): \(result.stderr)")
            #expect(FileManager.default.contents(atPath: model) == before)
        }
        let cv = try CLIRunner.run(["eval", "--cv", "2", CLIRunner.fixture("news/train"), "--min-df", "inf", "-q"])
        #expect(cv.status == 1 && cv.stderr.hasPrefix("Error: --min-df must be a count from 1 to 2147483647") && cv.stderr.split(separator: "\n").count == 1)
        #expect(scratch.listing() == ["m.classify"])
    }

    @Test func endlessInputsAreRefusedInBoundedMemory() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        #expect(try trainOnFixture(["-c", "complement-nb"], output: model).status == 0)
        let cases: [(String, String)] = [
            ("\"$CLASSIFY\" info /dev/zero", "Error: /dev/zero: cannot read the model: is not a regular file (a pipe, device or socket); give the path of a file"),
            ("\"$CLASSIFY\" predict -m /dev/urandom \"$SCRATCH/m.classify\"", "Error: /dev/urandom: cannot read the model: is not a regular file (a pipe, device or socket); give the path of a file"),
            ("\"$CLASSIFY\" train /dev/zero -o \"$SCRATCH/z.classify\"", "Error: /dev/zero: holds a record (a line, or a whole-file document) over 64 MiB long; it is not a corpus, or a line lacks its end"),
            ("\"$CLASSIFY\" predict -m \"$SCRATCH/m.classify\" - < /dev/zero", "Error: -: holds a record (a line, or a whole-file document) over 64 MiB long; it is not a corpus, or a line lacks its end"),
            ("\"$CLASSIFY\" train \(CLIRunner.fixture("news/train")) -o \"$SCRATCH/w.classify\" --class-weight /dev/zero", "Error: --class-weight /dev/zero: is not a regular file (a pipe, device or socket); give the path of a file (give none, balanced, balanced:K, auto, or a file of `label weight` lines)"),
        ]
        // A virtual memory cap, so that reading without bound fails to allocate instead of passing
        // (not under a sanitizer, whose shadow memory needs more address space than the cap).
        let environment = ProcessInfo.processInfo.environment
        let cap = environment["ASAN_OPTIONS"] == nil && environment["TSAN_OPTIONS"] == nil ? "ulimit -v 4000000; " : ""
        for (script, message) in cases {
            let (status, stderr) = try shell(cap + script)
            #expect(status == 1 && stderr == message + "\n", "\(script): \(status) \(stderr)")
        }
        #expect(scratch.listing() == ["m.classify"])
    }

    @Test func pipesWhereAFileIsReadWholeAreErrorsNotHangs() throws {
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.file("corpus"), withIntermediateDirectories: true)
        _ = scratch.write("corpus/a.md", Array("# A\n\nThe army moved.\n\n### Category\n\n1. Military\n".utf8))
        #expect(mkfifo(scratch.file("corpus/b.md"), 0o600) == 0)
        #expect(mkfifo(scratch.file("model.fifo"), 0o600) == 0)
        let folder = try shell("\"$CLASSIFY\" train \"$SCRATCH/corpus\" -o \"$SCRATCH/m.classify\"")
        #expect(folder.status == 1 && folder.stderr == "Error: \(scratch.file("corpus/b.md")): is not a regular file (a pipe, device or socket); give the path of a file\n")
        let model = try shell("\"$CLASSIFY\" predict -m \"$SCRATCH/model.fifo\" \"$SCRATCH/corpus/a.md\"")
        #expect(model.status == 1 && model.stderr.hasSuffix("cannot read the model: is not a regular file (a pipe, device or socket); give the path of a file\n"))
    }

    @Test func staleTemporariesOfTheOutputAreRemoved() throws {
        defer { scratch.remove() }
        let stale = scratch.write(".m.classify.2147483000.tmp", [1, 2, 3])
        #expect(try trainOnFixture(["-c", "complement-nb"], output: scratch.file("m.classify")).status == 0)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(scratch.listing() == ["m.classify"])
    }

    @Test func aFullStandardOutputIsAnError() throws {
        defer { scratch.remove() }
        #expect(try trainOnFixture(["-c", "complement-nb"], output: scratch.file("m.classify")).status == 0)
        for command in ["predict -m \"$SCRATCH/m.classify\" \(CLIRunner.fixture("news/test"))", "info \"$SCRATCH/m.classify\"", "predict -m \"$SCRATCH/m.classify\" \(CLIRunner.fixture("news/test")) --json"] {
            let (status, stderr) = try shell("\"$CLASSIFY\" \(command) > /dev/full")
            #expect(status == 1, "\(command)")
            #expect(stderr.hasPrefix("Error: standard output: no space left on device") && stderr.split(separator: "\n").count == 1, "\(command): \(stderr)")
        }
    }

    @Test func aDocumentWithTooManyLabelsIsAnError() throws {
        defer { scratch.remove() }
        let labels = (0..<20_000).map { "\"L\($0)\"" }.joined(separator: ",")
        let corpus = scratch.write("c.jsonl", Array(("{\"id\": \"a\", \"text\": \"many labels here\", \"labels\": [\(labels)]}\n{\"id\": \"b\", \"text\": \"one label\", \"labels\": [\"L1\"]}\n").utf8))
        let result = try CLIRunner.run(["train", corpus, "-o", scratch.file("m.classify")])
        #expect(result.status == 1 && result.stderr == "Error: \(corpus):1: document \"a\" carries 20000 labels, more than --max-labels-per-document 1000\n")
        let bad = try CLIRunner.run(["train", corpus, "-o", scratch.file("m.classify"), "--max-labels-per-document", "0"])
        #expect(bad.status == 64 && bad.stderr.hasPrefix("Error: --max-labels-per-document must be at least 1 (got 0)"))
        #expect(scratch.listing() == ["c.jsonl"])
        let perCorpus = try CLIRunner.run(["train", corpus, "-o", scratch.file("m.classify"), "--max-labels-per-document", "20000", "--max-distinct-labels", "500"])
        #expect(perCorpus.status == 1 && perCorpus.stderr == "Error: \(corpus): the training corpus has 20000 labels, more than --max-distinct-labels 500\n")
        #expect(scratch.listing() == ["c.jsonl"])
    }

    @Test func optionValuesOutsideTheirRangesAreOneLineErrors() throws {
        defer { scratch.remove() }
        let nb = try trainOnFixture(["--nb-weight", "1e308"], output: scratch.file("m.classify"))
        #expect(nb.status == 1 && nb.stderr == "Error: --nb-weight must be auto or a number from 0 to 100 (got \"1e308\")\n")
        let compare = try CLIRunner.run(["eval", "--cv", "3", "--compare", ",", CLIRunner.fixture("news/train")])
        #expect(compare.status == 64 && compare.stderr.hasPrefix("Error: --compare takes classifier names separated by commas"))
        let empty = try trainOnFixture([], output: "")
        #expect(empty.status == 1 && empty.stderr == "Error: -o: is empty; give the path of the file to write\n")
        let threads = try CLIRunner.run(["predict", "--threads", "-2", CLIRunner.fixture("news/test")])
        #expect(threads.status == 64 && threads.stderr.hasPrefix("Error: --threads must be from 1 to 1024 (got -2)"))
        #expect(scratch.listing().isEmpty)
    }
}
