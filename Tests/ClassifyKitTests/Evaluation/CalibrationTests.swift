import Foundation
import Testing
@testable import ClassifyKit

@Suite struct CalibrationTests {
    /// Probabilities are `Float`: agreement to single precision.
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-6 }

    /// Single-label: the chosen label's probability against whether it was right.
    @Test func singleLabelConfidence() {
        // Document 1: chooses a with 0.8, right. Document 2: chooses a with 0.6, wrong (truth b).
        let calibration = Calibration(
            probabilities: [0.8, 0.2, 0.6, 0.4], truth: [["a"], ["b"]], labels: ["a", "b"], multiLabel: false)
        #expect(calibration.unit == "confidence")
        #expect(close(calibration.logLoss, -(log(0.8) + log(0.4)) / 2))
        // Brier summed over labels, averaged over documents: (0.04 + 0.04 + 0.36 + 0.36) / 2.
        #expect(abs(calibration.brierScore - 0.4) < 1e-6)
        #expect(calibration.bins.map(\.count) == [1, 1])
        #expect(calibration.bins.map(\.lower) == [0.6, 0.8])
        // Bin 0.6: probability 0.6, observed 0; bin 0.8: 0.8 against 1. ECE = ½·0.6 + ½·0.2.
        #expect(abs(calibration.expectedCalibrationError - 0.4) < 1e-6)
    }

    /// Multi-label: every (document, label) pair is a yes/no prediction.
    @Test func multiLabelPairs() {
        let calibration = Calibration(
            probabilities: [0.9, 0.05, 0.3, 0.7], truth: [["a"], ["b"]], labels: ["a", "b"], multiLabel: true)
        #expect(calibration.unit == "label")
        let expected = -(log(0.9) + log(0.95) + log(0.7) + log(0.7)) / 4
        #expect(abs(calibration.logLoss - expected) < 1e-6)
        #expect(abs(calibration.brierScore - (0.01 + 0.0025 + 0.09 + 0.09) / 4) < 1e-6)
        #expect(calibration.bins.reduce(0) { $0 + $1.count } == 4)
    }

    /// Probabilities that match outcome frequencies have (nearly) no calibration error, unlike
    /// the same outcomes predicted with certainty; unknown true labels are left out.
    @Test func calibratedProbabilitiesScoreBetter() {
        let truth: [[String]] = (0..<100).map { $0 % 10 < 7 ? ["a"] : ["b"] } + [["unseen"]]
        let honest = Calibration(
            probabilities: Array(repeating: [Float(0.7), 0.3], count: 101).flatMap { $0 }, truth: truth, labels: ["a", "b"], multiLabel: false)
        let sure = Calibration(
            probabilities: Array(repeating: [Float(0.999), 0.001], count: 101).flatMap { $0 }, truth: truth, labels: ["a", "b"], multiLabel: false)
        #expect(honest.expectedCalibrationError < 1e-6)
        #expect(abs(sure.expectedCalibrationError - 0.299) < 1e-6)
        #expect(honest.logLoss < sure.logLoss && honest.brierScore < sure.brierScore)
        #expect(honest.bins.map(\.count) == [100])
    }
}
