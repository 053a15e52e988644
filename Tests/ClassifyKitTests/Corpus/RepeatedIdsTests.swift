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
}
