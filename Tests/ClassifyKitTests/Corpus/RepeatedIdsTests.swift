import Testing
@testable import ClassifyKit

@Suite struct RepeatedIdsTests {
    @Test func countsEveryRepeatedIdButNamesOnlyTheFirstHundred() {
        var repeated = RepeatedIds()
        for round in 0..<3 { for i in 0..<250 { repeated.add("id\(i)") }; _ = round }
        repeated.add("once")
        #expect(repeated.count == 250)
        #expect(repeated.examples.count == RepeatedIds.examplesKept)
        #expect(repeated.examples.first == "id0" && repeated.examples.last == "id99")
    }

    @Test func twoPassesFindWhatOnePassWithEveryHashFinds() {
        // 300,000 distinct ids, some repeated, so that the filter raises false alarms too.
        let ids = (0..<300_000).map { "doc-\($0)" } + (0..<500).map { "doc-\($0 * 7)" } + ["doc-14", "doc-5"]
        var once = RepeatedIds()
        var twice = TwoPassRepeatedIds()
        for id in ids {
            once.add(id)
            twice.addFirstPass(id)
        }
        for id in ids { twice.addSecondPass(id) }
        #expect(twice.result.count == once.count && once.count == 501)
        #expect(twice.result.examples == once.examples)
    }
}
