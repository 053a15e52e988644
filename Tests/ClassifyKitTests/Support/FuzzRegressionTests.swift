import Foundation
import Testing
@testable import ClassifyKit

/// Replays what the fuzzer keeps (`Tests/Fuzz`): the seeds, and every input that once crashed,
/// hung or allocated without bound, minimised, in `Regressions/TARGET/`. Each must run through its
/// target and return.
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz").path

    /// The files under `folder/TARGET`, by target.
    func inputs(_ folder: String) -> [(target: String, path: String)] {
        FuzzTargets.names.flatMap { target in
            let directory = Self.root + "/" + folder + "/" + target
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            return names.sorted().map { (target, directory + "/" + $0) }
        }
    }

    @Test func seedsAndKeptInputsRunThroughTheirTargets() throws {
        let all = inputs("Seeds") + inputs("Regressions")
        #expect(all.count >= 6, "the seeds are where Scripts/fuzz expects them")
        for (target, path) in all {
            #expect(FuzzTargets.run(target, try FileBytes.read(path)), "\(path)")
        }
        #expect(!FuzzTargets.run("no-such-target", []))
    }
}
