import Foundation

/// Significance tests for comparing two classifiers.
public enum Statistics {
    /// A test's outcome.
    public struct TestResult: Codable, Sendable, Equatable {
        /// `McNemar` (one test set) or `paired t-test` (over folds).
        public var test: String
        public var statistic: Double
        public var pValue: Double
        public var detail: String

        enum CodingKeys: String, CodingKey { case test, statistic, pValue = "p_value", detail }
    }

    /// McNemar's test with continuity correction on paired right/wrong decisions of two models.
    public static func mcNemar(correctA: [Bool], correctB: [Bool]) -> TestResult {
        var onlyA = 0, onlyB = 0
        for (a, b) in zip(correctA, correctB) {
            if a && !b { onlyA += 1 } else if b && !a { onlyB += 1 }
        }
        let discordant = onlyA + onlyB
        let statistic = discordant == 0 ? 0 : pow(max(Double(abs(onlyA - onlyB)) - 1, 0), 2) / Double(discordant)
        // χ² with one degree of freedom: P(X ≥ s) = erfc(√(s/2)).
        return TestResult(
            test: "McNemar", statistic: statistic, pValue: erfc((statistic / 2).squareRoot()),
            detail: "\(onlyA) documents right only by the first, \(onlyB) only by the second")
    }

    /// The two-sided paired t-test on per-fold differences.
    public static func pairedT(_ a: [Double], _ b: [Double]) -> TestResult {
        let differences = zip(a, b).map { $0 - $1 }
        let n = Double(differences.count)
        let mean = differences.reduce(0, +) / n
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(n - 1, 1)
        let degrees = n - 1
        guard variance > 0, degrees > 0 else {
            return TestResult(test: "paired t-test", statistic: mean == 0 ? 0 : .infinity, pValue: mean == 0 ? 1 : 0, detail: "\(Int(n)) folds, mean difference \(mean)")
        }
        let t = mean / (variance / n).squareRoot()
        let p = regularizedIncompleteBeta(degrees / (degrees + t * t), degrees / 2, 0.5)
        return TestResult(test: "paired t-test", statistic: t, pValue: p, detail: "\(Int(n)) folds, mean difference \(String(format: "%.4f", mean))")
    }

    /// `I_x(a, b)` by its continued fraction (Numerical Recipes `betacf`).
    static func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a, b) / a }
        return 1 - front * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-12 { break }
        }
        return h
    }
}
