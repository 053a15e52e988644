import Testing
@testable import ClassifyKit

/// `predict(top:)` finds the most probable labels without sorting every label; it must list
/// exactly what the full ranking filtered to them lists.
@Suite struct MostProbableLabelsTests {
    @Test(arguments: [0, 1, 2, 5, 19, 20, 40])
    func theTopAndTheChosenAreTheFullRankingFilteredToThem(top: Int) {
        var generator = SeededGenerator(seed: UInt64(top))
        for _ in 0..<50 {
            // Few distinct values, so that ties (broken by label id) are common.
            let row = (0..<20).map { _ in Float(generator.next(below: 6)) / 5 }
            let besides = Array(Set((0..<3).map { _ in Int(generator.next(below: 20)) }))
            let full = TrainedModel.mostProbable(row[...], top: nil, besides: [])
            let kept = Set(full.prefix(top)).union(besides)
            #expect(TrainedModel.mostProbable(row[...], top: top, besides: besides) == full.filter { kept.contains($0) })
        }
    }

    @Test func everyLabelWithoutATop() {
        let row: [Float] = [0.2, 0.9, 0.2, 0.5]
        #expect(TrainedModel.mostProbable(row[...], top: nil, besides: [0]) == [1, 3, 0, 2])
    }
}
