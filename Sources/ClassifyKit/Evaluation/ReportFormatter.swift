import Foundation

/// Renders evaluation reports as text for people, Markdown, or JSON for programs.
public enum ReportFormatter {
    /// The report as one JSON object with sorted keys (the same report always gives the same bytes).
    public static func json(_ report: EvaluationReport, pretty: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    /// Any result as JSON with sorted keys.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
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
        if let topK = report.topKAccuracy, topK.count > 1 {
            lines.append("top-k accuracy " + topK.sorted { Int($0.key)! < Int($1.key)! }.map { "k=\($0.key) \(number($0.value))" }.joined(separator: ", "))
        }
        if let p = report.precisionAtK, let r = report.recallAtK {
            lines.append("precision@k  " + p.sorted { Int($0.key)! < Int($1.key)! }.map { "k=\($0.key) \(number($0.value))" }.joined(separator: ", "))
            lines.append("recall@k     " + r.sorted { Int($0.key)! < Int($1.key)! }.map { "k=\($0.key) \(number($0.value))" }.joined(separator: ", "))
        }
        if let micro = report.globalThresholdMicroF1, let macro = report.globalThresholdMacroF1 {
            lines.append("per-label thresholds: micro-F1 \(number(report.microF1)), macro-F1 \(number(report.macroF1)); one global threshold: micro-F1 \(number(micro)), macro-F1 \(number(macro))")
        }
        if let calibration = report.calibration { lines.append("calibration  " + calibrationSummary(calibration)) }
        lines.append("")
        let width = max(5, report.labels.map { $0.count }.max() ?? 5)
        lines.append("label".padded(to: width) + "  precision  recall      f1  support")
        for label in report.labels {
            guard let m = report.perClass[label] else { continue }
            var row = label.padded(to: width)
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

    /// A Markdown report: summary table, per-class table, confusions, reliability table.
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
        for (k, value) in (report.topKAccuracy ?? [:]).sorted(by: { Int($0.key)! < Int($1.key)! }) where k != "1" {
            lines.append("| top-\(k) accuracy | \(number(value)) |")
        }
        for (k, value) in (report.precisionAtK ?? [:]).sorted(by: { Int($0.key)! < Int($1.key)! }) { lines.append("| precision@\(k) | \(number(value)) |") }
        for (k, value) in (report.recallAtK ?? [:]).sorted(by: { Int($0.key)! < Int($1.key)! }) { lines.append("| recall@\(k) | \(number(value)) |") }
        if let micro = report.globalThresholdMicroF1, let macro = report.globalThresholdMacroF1 {
            lines.append("| micro-F1 / macro-F1 with one global threshold (instead of the tuned ones) | \(number(micro)) / \(number(macro)) |")
        }
        if let calibration = report.calibration {
            lines.append("| calibration | \(calibrationSummary(calibration)) |")
        }
        if let model = report.model {
            lines.append("")
            lines.append("Model: `\(model.classifier)` (\(model.options.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))); features: \(model.features); trained on \(model.trainingDocuments) documents.")
        }
        lines.append("")
        lines.append("| label | precision | recall | F1 | support | note |")
        lines.append("| --- | ---: | ---: | ---: | ---: | --- |")
        for label in report.labels {
            guard let m = report.perClass[label] else { continue }
            let note = m.support == 0 ? "no test documents" : (m.predicted == 0 ? "never predicted" : "")
            lines.append("| \(label) | \(number(m.precision)) | \(number(m.recall)) | \(number(m.f1)) | \(m.support) | \(note) |")
        }
        if !report.unknownLabels.isEmpty {
            lines.append("")
            lines.append("Labels only in the test data: " + report.unknownLabels.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))
        }
        if let matrix = report.confusionMatrix {
            if matrix.labels.count <= 12 {
                lines.append("")
                lines.append("Confusion matrix (rows: true label, columns: predicted):")
                lines.append("")
                lines.append("| true \\ predicted | " + matrix.labels.joined(separator: " | ") + " |")
                lines.append("| --- |" + String(repeating: " ---: |", count: matrix.labels.count))
                for (i, row) in matrix.counts.enumerated() {
                    lines.append("| \(matrix.labels[i]) | " + row.map(String.init).joined(separator: " | ") + " |")
                }
            }
            let top = matrix.topConfusions(10)
            if !top.isEmpty {
                lines.append("")
                lines.append("Most frequent confusions (true → predicted): " + top.map { "\($0.truth) → \($0.predicted) (\($0.count))" }.joined(separator: "; "))
            }
        }
        if let calibration = report.calibration, !calibration.bins.isEmpty {
            lines.append("")
            lines.append(calibration.unit == .documentLabelPair
                ? "Reliability (every document-label pair: the label's probability against how often the document carries it):"
                : "Reliability (the chosen label's probability against how often it was right):")
            lines.append("")
            lines.append("| probability | predictions | mean probability | observed |")
            lines.append("| --- | ---: | ---: | ---: |")
            for bin in calibration.bins {
                lines.append("| \(String(format: "%.1f–%.1f", bin.lower, bin.upper)) | \(bin.count) | \(number(bin.meanProbability)) | \(number(bin.observedFrequency)) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What each calibration figure measures, e.g. `log-loss 0.5077 (true label), Brier 0.1941
    /// (all labels, 0–2), ECE 0.0420 (chosen label's probability)`.
    static func calibrationSummary(_ calibration: Calibration) -> String {
        var text: String
        switch calibration.unit {
        case .chosenLabel:
            text = "log-loss \(number(calibration.logLoss)) (true label), Brier \(number(calibration.brierScore)) (all labels, 0–2), ECE \(number(calibration.expectedCalibrationError)) (chosen label's probability)"
        case .documentLabelPair:
            text = "log-loss \(number(calibration.logLoss)), Brier \(number(calibration.brierScore)), ECE \(number(calibration.expectedCalibrationError)) (per document-label pair)"
        }
        if calibration.excluded > 0 {
            text += "; \(calibration.excluded) of \(calibration.documents + calibration.excluded) documents left out of log-loss and Brier (true labels the model does not know, or scores that are not numbers)"
        }
        return text
    }

    private static func leftPad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
