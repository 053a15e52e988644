import Foundation
import Testing
@testable import ClassifyKit

@Suite struct CalibrationTests {
    /// Probabilities are `Float`: agreement to single precision.
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-6 }

    /// Single-label: the chosen label's probability against whether it was right.
    @Test func singleLabelConfidence() throws {
        // Document 1: chooses a with 0.8, right. Document 2: chooses a with 0.6, wrong (truth b).
        let calibration = try #require(Calibration(
            probabilities: [0.8, 0.2, 0.6, 0.4], truth: [["a"], ["b"]], labels: ["a", "b"], multiLabel: false))
        #expect(calibration.unit == .chosenLabel)
        #expect(close(calibration.logLoss, -(log(0.8) + log(0.4)) / 2))
        // Brier summed over labels, averaged over documents: (0.04 + 0.04 + 0.36 + 0.36) / 2.
        #expect(close(calibration.brierScore, 0.4))
        #expect(calibration.bins.map(\.count) == [1, 1])
        #expect(calibration.bins.map(\.lower) == [0.6, 0.8])
        // Bin 0.6: probability 0.6, observed 0; bin 0.8: 0.8 against 1. ECE = ½·0.6 + ½·0.2.
        #expect(close(calibration.expectedCalibrationError, 0.4))
        #expect(calibration.documents == 2 && calibration.excluded == 0)
    }

    /// Multi-label: every (document, label) pair is a yes/no prediction.
    @Test func multiLabelPairs() throws {
        let calibration = try #require(Calibration(
            probabilities: [0.9, 0.05, 0.3, 0.7], truth: [["a"], ["b"]], labels: ["a", "b"], multiLabel: true))
        #expect(calibration.unit == .documentLabelPair)
        #expect(close(calibration.logLoss, -(log(0.9) + log(0.95) + log(0.7) + log(0.7)) / 4))
        #expect(close(calibration.brierScore, (0.01 + 0.0025 + 0.09 + 0.09) / 4))
        #expect(calibration.bins.reduce(0) { $0 + $1.count } == 4)
        // Bins 0.0 (0.05, no), 0.3 (0.3, no), 0.7 (0.7, yes), 0.9 (0.9, yes).
        #expect(close(calibration.expectedCalibrationError, (0.05 + 0.3 + 0.3 + 0.1) / 4))
    }

    /// Probabilities that match outcome frequencies have (nearly) no calibration error, unlike
    /// the same outcomes predicted with certainty.
    @Test func calibratedProbabilitiesScoreBetter() throws {
        let truth: [[String]] = (0..<100).map { $0 % 10 < 7 ? ["a"] : ["b"] }
        let honest = try #require(Calibration(
            probabilities: Array(repeating: [Float(0.7), 0.3], count: 100).flatMap { $0 }, truth: truth, labels: ["a", "b"], multiLabel: false))
        let sure = try #require(Calibration(
            probabilities: Array(repeating: [Float(0.999), 0.001], count: 100).flatMap { $0 }, truth: truth, labels: ["a", "b"], multiLabel: false))
        #expect(honest.expectedCalibrationError < 1e-6)
        #expect(close(sure.expectedCalibrationError, 0.299))
        #expect(honest.logLoss < sure.logLoss && honest.brierScore < sure.brierScore)
        #expect(honest.bins.map(\.count) == [100])
    }

    /// A single-label document whose true label the model does not know counts as wrong in the
    /// bins (as in accuracy) and is left out of log-loss and Brier; with nothing measurable there
    /// is no calibration at all rather than perfect-looking zeros.
    @Test func unknownTruthAndNothingToMeasure() throws {
        let mixed = try #require(Calibration(
            probabilities: [0.99, 0.01, 0.99, 0.01], truth: [["a"], ["new"]], labels: ["a", "b"], multiLabel: false))
        #expect(mixed.documents == 1 && mixed.excluded == 1)
        #expect(mixed.bins.map(\.count) == [2])
        #expect(close(mixed.bins[0].observedFrequency, 0.5))
        #expect(close(mixed.logLoss, -log(0.99)))
        #expect(Calibration(probabilities: [0.99, 0.01], truth: [["new"]], labels: ["a", "b"], multiLabel: false) == nil)
        #expect(Calibration(probabilities: [], truth: [], labels: ["a", "b"], multiLabel: true) == nil)
    }

    /// Scores that are not numbers (a damaged model) are left out, never a crash.
    @Test func nonFiniteScoresAreLeftOut() throws {
        let calibration = try #require(Calibration(
            probabilities: [.nan, 0.5, .infinity, 0, 0.8, 0.2], truth: [["a"], ["a"], ["a"]], labels: ["a", "b"], multiLabel: false))
        #expect(calibration.documents == 1 && calibration.excluded == 2)
        #expect(calibration.logLoss.isFinite && calibration.bins.map(\.count) == [1])
    }

    /// Bins by single-precision probability: 0.7 falls in 0.7–0.8, 1 in the last bin, 0 in the first.
    @Test func binEdges() throws {
        let calibration = try #require(Calibration(
            probabilities: [0.7, 0.3, 1, 0], truth: [["a"], ["b"]], labels: ["a", "b"], multiLabel: true))
        #expect(calibration.bins.map(\.lower) == [0, 0.3, 0.7, 0.9])
        #expect(calibration.bins.map(\.count) == [1, 1, 1, 1])
    }

    /// A single-label model judged on a document with two true labels: choosing either is right.
    @Test func severalTrueLabelsForASingleLabelModel() throws {
        let calibration = try #require(Calibration(
            probabilities: [0.2, 0.8], truth: [["a", "b"]], labels: ["a", "b"], multiLabel: false))
        #expect(calibration.bins.map(\.observedFrequency) == [1])
        #expect(close(calibration.logLoss, -log(0.8)))
    }
}
