import Foundation

/// The plain-text table `CrossValidation` and `ModelComparison` print: a name column, one cell per
/// metric (`*` after the best), and the significance test between the two best below it.
enum ComparisonTable {
    /// The header line and one line per name; `cell(row, metric)` gives a cell's text.
    static func rows(
        nameHeader: String, names: [String], metrics: [String], cellWidth: Int, best: [String: String], markBest: Bool,
        cell: (Int, String) -> String
    ) -> [String] {
        let width = max(10, names.map(\.count).max() ?? 10)
        var lines = [nameHeader.padded(to: width)
            + metrics.map { "  " + $0.padded(to: cellWidth) }.joined()]
        for (row, cells) in self.cells(names: names, metrics: metrics, best: best, markBest: markBest, cell: cell).enumerated() {
            lines.append(names[row].padded(to: width) + cells.dropFirst().map { "  " + ($0.hasSuffix("*") ? $0 : $0 + " ").padded(to: cellWidth) }.joined())
        }
        return lines
    }

    /// One row per name: the name, then each metric's cell, with `*` after the best of its column
    /// when `markBest`.
    static func cells(names: [String], metrics: [String], best: [String: String], markBest: Bool, cell: (Int, String) -> String) -> [[String]] {
        names.enumerated().map { row, name in
            [name] + metrics.map { metric in cell(row, metric) + (markBest && best[metric] == name ? "*" : "") }
        }
    }

    /// `name: detail; symbol = statistic, p = p-value (significant at 0.05 or not)`.
    static func significance(_ test: Statistics.TestResult, name: String, symbol: String) -> String {
        "\(name): \(test.detail); \(symbol) = \(String(format: "%.3f", test.statistic)), p = \(String(format: "%.4f", test.pValue))"
            + (test.pValue < 0.05 ? " (significant at 0.05)" : " (not significant at 0.05)")
    }
}
