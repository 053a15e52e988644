import Foundation

/// Renders evaluation reports as text for people, Markdown, or JSON for programs.
public enum ReportFormatter {
    /// The report as one JSON object with sorted keys (the same report always gives the same bytes).
    public static func json(_ report: EvaluationReport, pretty: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    static func number(_ x: Double) -> String { String(format: "%.4f", x) }

    /// A plain-text report: summary lines, then one row per label.
    public static func text(_ report: EvaluationReport) -> String {
        var lines: [String] = []
        lines.append("\(report.documents) documents, \(report.labels.count) labels, \(report.multiLabel ? "multi-label" : "single-label"), classifier \(report.classifier)")
        if let accuracy = report.accuracy { lines.append("accuracy     \(number(accuracy))") }
        if let subset = report.subsetAccuracy { lines.append("subset accuracy \(number(subset))") }
        lines.append("micro-F1     \(number(report.microF1))  (precision \(number(report.microPrecision)), recall \(number(report.microRecall)))")
        lines.append("macro-F1     \(number(report.macroF1))  (precision \(number(report.macroPrecision)), recall \(number(report.macroRecall)))")
        lines.append("weighted-F1  \(number(report.weightedF1))")
        if let samples = report.samplesF1 { lines.append("samples-F1   \(number(samples))") }
        if let hamming = report.hammingLoss { lines.append("Hamming loss \(number(hamming))") }
        lines.append("")
        let width = max(5, report.labels.map { $0.count }.max() ?? 5)
        lines.append("label".padding(toLength: width, withPad: " ", startingAt: 0) + "  precision  recall      f1  support")
        for label in report.labels {
            guard let m = report.perClass[label] else { continue }
            var row = label.padding(toLength: width, withPad: " ", startingAt: 0)
            row += "  " + leftPad(number(m.precision), 9) + "  " + leftPad(number(m.recall), 6)
            row += "  " + leftPad(number(m.f1), 6) + "  " + leftPad(String(m.support), 7)
            if m.support == 0 { row += "  (no test documents)" } else if m.predicted == 0 { row += "  (never predicted)" }
            lines.append(row)
        }
        if !report.unknownLabels.isEmpty {
            lines.append("")
            let listed = report.unknownLabels.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }
            lines.append("labels only in the test data (the model cannot predict them): " + listed.joined(separator: ", "))
        }
        if let matrix = report.confusionMatrix {
            let top = matrix.topConfusions(5)
            if !top.isEmpty {
                lines.append("")
                lines.append("most frequent confusions (true → predicted):")
                for cell in top { lines.append("  \(cell.truth) → \(cell.predicted): \(cell.count)") }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A Markdown report: summary table, per-class table, confusions.
    public static func markdown(_ report: EvaluationReport, title: String) -> String {
        var lines = ["# \(title)", ""]
        lines.append("\(report.documents) documents, \(report.labels.count) labels, \(report.multiLabel ? "multi-label" : "single-label"), classifier `\(report.classifier)`.")
        lines.append("")
        lines.append("| metric | value |")
        lines.append("| --- | ---: |")
        if let accuracy = report.accuracy { lines.append("| accuracy | \(number(accuracy)) |") }
        if let subset = report.subsetAccuracy { lines.append("| subset accuracy | \(number(subset)) |") }
        lines.append("| micro-F1 | \(number(report.microF1)) |")
        lines.append("| macro-F1 | \(number(report.macroF1)) |")
        lines.append("| weighted-F1 | \(number(report.weightedF1)) |")
        if let samples = report.samplesF1 { lines.append("| samples-F1 | \(number(samples)) |") }
        if let hamming = report.hammingLoss { lines.append("| Hamming loss | \(number(hamming)) |") }
        lines.append("")
        lines.append("| label | precision | recall | F1 | support |")
        lines.append("| --- | ---: | ---: | ---: | ---: |")
        for label in report.labels {
            guard let m = report.perClass[label] else { continue }
            lines.append("| \(label) | \(number(m.precision)) | \(number(m.recall)) | \(number(m.f1)) | \(m.support) |")
        }
        if !report.unknownLabels.isEmpty {
            lines.append("")
            lines.append("Labels only in the test data: " + report.unknownLabels.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))
        }
        if let matrix = report.confusionMatrix {
            let top = matrix.topConfusions(10)
            if !top.isEmpty {
                lines.append("")
                lines.append("Most frequent confusions (true → predicted): " + top.map { "\($0.truth) → \($0.predicted) (\($0.count))" }.joined(separator: "; "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func leftPad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
