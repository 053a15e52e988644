import Foundation
import Testing
@testable import ClassifyKit

@Suite struct DualCoordinateDescentTests {
    typealias Solver = (SparseMatrix, [Int], [Bool], Double, Double, Bool, Double, Int, UInt64, [Double]?) -> (w: [Float], bias: Float, passes: Int)

    /// Solves label 1 of the multi-label test corpus with `solver` and returns the weights, the
    /// bias, and the primal gradient `w − Σ pull(yᵢ, zᵢ, Cᵢ) · xᵢ` (and for the bias), where `pull`
    /// is minus the loss derivative with respect to the score.
    func solveAndDifferentiate(
        _ solver: Solver, cPositive: Double, cNegative: Double, tolerance: Double, pull: (Double, Double, Double) -> Double
    ) -> (w: [Float], bias: Float, positive: [Bool], gradient: [Double], biasGradient: Double) {
        let (x, y) = LogisticRegressionTests().corpus(multiLabel: true)
        let rows = Array(0..<x.rowCount)
        let positive = rows.map { y.documents[$0].contains(1) }
        let (w, b, passes) = solver(x, rows, positive, cPositive, cNegative, true, tolerance, 10_000, 3, nil)
        #expect(passes < 10_000)
        var gradient = w.map(Double.init)
        var biasGradient = Double(b)
        for i in rows {
            let label: Double = positive[i] ? 1 : -1
            var z = Double(b)
            for k in x.entries(ofRow: i) { z += Double(x.values[k]) * Double(w[Int(x.columnIndices[k])]) }
            let force = pull(label, z, positive[i] ? cPositive : cNegative)
            for k in x.entries(ofRow: i) { gradient[Int(x.columnIndices[k])] -= force * Double(x.values[k]) }
            biasGradient -= force
        }
        return (w, b, positive, gradient, biasGradient)
    }

    /// At the solution the primal gradient of `½‖w‖² + ½b² + Σ Cᵢ max(0, 1 − yᵢ(w·xᵢ + b))²` vanishes:
    /// the dual solver found the exact optimum, including class weights and the bias feature.
    @Test(arguments: [(1.0, 1.0), (0.3, 2.5)])
    func reachesTheSquaredHingeOptimum(cPositive: Double, cNegative: Double) throws {
        let solved = solveAndDifferentiate(
            DualCoordinateDescent.solveBinary, cPositive: cPositive, cNegative: cNegative, tolerance: 1e-7
        ) { label, z, c in 2 * c * max(0, 1 - label * z) * label }
        #expect(solved.gradient.allSatisfy { abs($0) < 1e-3 }, "\(solved.gradient)")
        #expect(abs(solved.biasGradient) < 1e-3)
        // And it separates the label's documents.
        let x = LogisticRegressionTests().corpus(multiLabel: true).0
        for i in 0..<x.rowCount {
            var z = solved.bias
            for k in x.entries(ofRow: i) { z += x.values[k] * solved.w[Int(x.columnIndices[k])] }
            #expect((z > 0) == solved.positive[i], "row \(i): \(z)")
        }
    }

    /// The dual logistic solver reaches the optimum of `½‖w‖² + ½b² + Σ Cᵢ log(1 + e^(−yᵢ(w·xᵢ + b)))`:
    /// the primal gradient vanishes (as LIBLINEAR's `-s 7`, which scikit-learn's liblinear solver
    /// runs: on Reuters both give micro-F1 0.8417 / 0.8415 at C = 10).
    @Test(arguments: [(1.0, 1.0), (0.3, 2.5)])
    func reachesTheLogisticOptimum(cPositive: Double, cNegative: Double) throws {
        let solved = solveAndDifferentiate(
            DualCoordinateDescent.solveLogistic, cPositive: cPositive, cNegative: cNegative, tolerance: 1e-6
        ) { label, z, c in c * label / (1 + exp(label * z)) }
        #expect(solved.gradient.allSatisfy { abs($0) < 1e-3 }, "\(solved.gradient)")
        #expect(abs(solved.biasGradient) < 1e-3)
    }

    @Test func sameSeedSameWeightsForAnyThreadCount() throws {
        let (x, y) = LogisticRegressionTests().corpus()
        let setup = try LogisticRegressionTests().setup(x, (0..<60).map { ["t\($0 % 3)"] })
        let rows = Array(0..<60)
        let a = DualCoordinateDescent.fit(setup: setup, rows: rows, lambda: 0.01, tolerance: 0.01, maxPasses: 100, seed: 5)
        let b = DualCoordinateDescent.fit(setup: setup, rows: rows, lambda: 0.01, tolerance: 0.01, maxPasses: 100, seed: 5)
        #expect(a.weights == b.weights && a.bias == b.bias)
        // Labels are solved independently: one label alone gives the same weights as in the whole fit.
        let alone = DualCoordinateDescent.solveBinary(
            features: x, rows: rows, positive: rows.map { y.documents[$0] == [2] }, cPositive: 100.0 / 60, cNegative: 100.0 / 60,
            learnBias: true, tolerance: 0.01, maxPasses: 100, seed: 5 ^ (2 &* 0x9E37_79B9_7F4A_7C15))
        #expect((0..<6).map { a.weights[$0 * 3 + 2] } == alone.w)
    }
}
