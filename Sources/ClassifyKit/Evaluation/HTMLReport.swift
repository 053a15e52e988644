import Foundation

/// A self-contained HTML page of an evaluation: summary, per-class F1 bars, a confusion-matrix
/// heatmap (single-label) or a precision-recall curve and per-label counts (multi-label), a
/// reliability diagram, and the model's options. Charts are inline SVG; no scripts, fonts or anything else is fetched.
public enum HTMLReport {
    /// The page for `report`.
    public static func render(_ report: EvaluationReport, title: String) -> String {
        var body = "<h1>\(escape(title))</h1>\n"
        body += "<p class=\"lede\">\(report.documents) documents · \(report.labels.count) labels · \(report.multiLabel ? "multi-label" : "single-label") · classifier <code>\(escape(report.classifier))</code></p>\n"
        body += summaryTable(report)
        body += "<h2>F1 per label</h2>\n" + f1Bars(report)
        if let matrix = report.confusionMatrix {
            body += "<h2>Confusion matrix</h2>\n<p class=\"note\">Rows are true labels, columns predicted labels; shade is the share of the row.</p>\n"
            body += heatmap(matrix)
            let top = matrix.topConfusions(10)
            if !top.isEmpty {
                body += "<h3>Most frequent confusions</h3>\n<ol>" + top.map { "<li>\(escape($0.truth)) → \(escape($0.predicted)): \($0.count)</li>" }.joined() + "</ol>\n"
            }
        }
        if let curve = report.precisionRecallCurve, !curve.isEmpty {
            body += "<h2>Precision–recall (micro-averaged)</h2>\n<p class=\"note\">As one global threshold sweeps from high to low.</p>\n" + precisionRecall(curve)
        }
        if let calibration = report.calibration, !calibration.bins.isEmpty {
            body += "<h2>Calibration</h2>\n<p class=\"note\">"
                + (calibration.unit == .documentLabelPair
                    ? "Every document-label pair: the label's probability (bins of 0.1) against how often the document carries it."
                    : "The chosen label's probability (bins of 0.1) against how often it was right.")
                + " On the diagonal, probabilities mean what they say. " + escape(ReportFormatter.calibrationSummary(calibration)) + ".</p>\n"
            body += reliability(calibration)
        }
        body += "<h2>Per label</h2>\n" + perLabelTable(report)
        if !report.unknownLabels.isEmpty {
            body += "<p class=\"note\">Labels only in the test data (the model cannot predict them): "
                + report.unknownLabels.sorted { $0.key < $1.key }.map { "\(escape($0.key)) (\($0.value))" }.joined(separator: ", ") + "</p>\n"
        }
        if let model = report.model {
            body += "<h2>Model</h2>\n<table class=\"kv\">"
            if let path = model.path { body += row("file", escape(path)) }
            body += row("classifier", "<code>\(escape(model.classifier))</code>")
            body += row("options", model.options.sorted { $0.key < $1.key }.map { "\(escape($0.key)) \(escape($0.value))" }.joined(separator: ", "))
            body += row("features", escape(model.features))
            body += row("training documents", String(model.trainingDocuments))
            body += "</table>\n"
        }
        return page(title: title, body: body)
    }

    /// A comparison of classifiers or models as a page: `lede` under the title, a table with
    /// `header` and `rows` (cells already text; a cell whose text ends in `*` is the best of its
    /// column, shown in bold without the star), and `note` below it.
    public static func comparison(title: String, lede: String, header: [String], rows: [[String]], note: String?) -> String {
        var body = "<h1>\(escape(title))</h1>\n<p class=\"lede\">\(escape(lede))</p>\n<table class=\"metric\">"
        body += "<tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        for cells in rows {
            body += "<tr>" + cells.map { cell in
                cell.hasSuffix("*") ? "<td><strong>\(escape(String(cell.dropLast())))</strong></td>" : "<td>\(escape(cell))</td>"
            }.joined() + "</tr>"
        }
        body += "</table>\n"
        if let note { body += "<p class=\"note\">\(escape(note))</p>\n" }
        return page(title: title, body: body)
    }

    /// The self-contained page around `body`.
    static func page(title: String, body: String) -> String {
        """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1f2430; }
            h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #dde; padding-bottom: .2rem; }
            .lede { color: #555; margin-top: 0; } .note { color: #666; font-size: .9rem; }
            table { border-collapse: collapse; font-size: .9rem; } td, th { padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: right; }
            th { background: #f4f5f9; } td:first-child, th:first-child { text-align: left; }
            table.kv td { text-align: left; } .metric { font-variant-numeric: tabular-nums; }
            .summary td.value { font-weight: 600; } svg text { font-family: inherit; }
            </style></head><body>
            \(body)
            </body></html>

            """
    }

    /// `text` with HTML's special characters escaped.
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ x: Double) -> String { String(format: "%.4f", x) }

    static func row(_ key: String, _ value: String) -> String { "<tr><td>\(key)</td><td>\(value)</td></tr>" }

    static func summaryTable(_ report: EvaluationReport) -> String {
        var rows: [(String, Double)] = []
        if let accuracy = report.accuracy { rows.append(("accuracy", accuracy)) }
        if let subset = report.subsetAccuracy { rows.append(("subset accuracy", subset)) }
        rows += [("micro-F1", report.microF1), ("macro-F1", report.macroF1), ("weighted-F1", report.weightedF1)]
        if let samples = report.samplesF1 { rows.append(("samples-F1", samples)) }
        if let hamming = report.hammingLoss { rows.append(("Hamming loss", hamming)) }
        for (k, v) in (report.topKAccuracy ?? [:]).sorted(by: { Int($0.key)! < Int($1.key)! }) where k != "1" { rows.append(("top-\(k) accuracy", v)) }
        for (k, v) in (report.precisionAtK ?? [:]).sorted(by: { Int($0.key)! < Int($1.key)! }) { rows.append(("precision@\(k)", v)) }
        if let micro = report.globalThresholdMicroF1, let macro = report.globalThresholdMacroF1 {
            rows.append(("micro-F1, one global threshold", micro))
            rows.append(("macro-F1, one global threshold", macro))
        }
        return "<table class=\"summary\">" + rows.map { "<tr><td>\($0.0)</td><td class=\"value metric\">\(number($0.1))</td></tr>" }.joined() + "</table>\n"
    }

    static func perLabelTable(_ report: EvaluationReport) -> String {
        var html = "<table><tr><th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>TP</th><th>FP</th><th>FN</th><th></th></tr>"
        for label in report.labels {
            guard let m = report.perClass[label] else { continue }
            let note = m.support == 0 ? "no test documents" : (m.predicted == 0 ? "never predicted" : "")
            html += "<tr><td>\(escape(label))</td><td class=\"metric\">\(number(m.precision))</td><td class=\"metric\">\(number(m.recall))</td><td class=\"metric\">\(number(m.f1))</td><td>\(m.support)</td><td>\(m.truePositives)</td><td>\(m.falsePositives)</td><td>\(m.falseNegatives)</td><td>\(note)</td></tr>"
        }
        return html + "</table>\n"
    }

    static func f1Bars(_ report: EvaluationReport) -> String {
        let rowHeight = report.labels.count > 40 ? 13 : 18
        let labelWidth = min(330, 40 + 7 * (report.labels.map(\.count).max() ?? 10))
        let barWidth = 480
        let height = rowHeight * report.labels.count + 30
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"f1-bars\" width=\"\(labelWidth + barWidth + 70)\" height=\"\(height)\" role=\"img\" aria-label=\"F1 per label\">"
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            let x = labelWidth + Int(tick * Double(barWidth))
            svg += "<line x1=\"\(x)\" y1=\"0\" x2=\"\(x)\" y2=\"\(height - 18)\" stroke=\"#e3e5ee\"/><text x=\"\(x)\" y=\"\(height - 4)\" font-size=\"11\" text-anchor=\"middle\" fill=\"#667\">\(tick)</text>"
        }
        for (i, label) in report.labels.enumerated() {
            let f1 = report.perClass[label]?.f1 ?? 0
            let y = i * rowHeight
            let color = f1 >= 0.8 ? "#3b7dd8" : (f1 >= 0.5 ? "#e0a030" : "#d9534f")
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + rowHeight - 4)\" font-size=\"\(rowHeight > 14 ? 12 : 10)\" text-anchor=\"end\">\(escape(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(Int(f1 * Double(barWidth)))\" height=\"\(rowHeight - 4)\" fill=\"\(color)\"><title>\(escape(label)): F1 \(number(f1))</title></rect>"
            svg += "<text x=\"\(labelWidth + Int(f1 * Double(barWidth)) + 4)\" y=\"\(y + rowHeight - 4)\" font-size=\"10\" fill=\"#444\">\(String(format: "%.3f", f1))</text>"
        }
        return svg + "</svg>\n"
    }

    static func heatmap(_ matrix: ConfusionMatrix) -> String {
        let n = matrix.labels.count
        let cell = max(9, min(34, 620 / max(n, 1)))
        let longest = matrix.labels.map(\.count).max() ?? 10
        let font = cell >= 16 ? 11 : 9
        // Row names run left of the grid; column names are rotated by 60°, so they need about
        // sin 60° of their length above it (at roughly 0.6 em a character).
        let labelSpace = min(300, 30 + 7 * longest)
        let top = min(300, 16 + Int(0.87 * 0.6 * Double(font * longest)))
        let grid = cell * n + 10
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" width=\"\(labelSpace + grid + top / 2)\" height=\"\(top + grid)\" role=\"img\" aria-label=\"Confusion matrix\">"
        for (i, label) in matrix.labels.enumerated() {
            let y = top + i * cell + cell / 2 + 4
            svg += "<text x=\"\(labelSpace - 4)\" y=\"\(y)\" font-size=\"\(font)\" text-anchor=\"end\">\(escape(label))</text>"
            let x = labelSpace + i * cell + cell / 2 + 3
            svg += "<text x=\"\(x)\" y=\"\(top - 4)\" font-size=\"\(font)\" transform=\"rotate(-60 \(x) \(top - 4))\">\(escape(label))</text>"
        }
        for (t, row) in matrix.counts.enumerated() {
            let total = max(row.reduce(0, +), 1)
            for (p, count) in row.enumerated() {
                let share = Double(count) / Double(total)
                let shade = Int(255 - share * 200)
                let fill = t == p ? "rgb(\(shade - 20 > 0 ? shade - 20 : 0),\(shade),\(min(255, shade + 40)))" : "rgb(255,\(shade),\(shade))"
                svg += "<rect x=\"\(labelSpace + p * cell)\" y=\"\(top + t * cell)\" width=\"\(cell - 1)\" height=\"\(cell - 1)\" fill=\"\(count == 0 ? "#f7f7fa" : fill)\"><title>\(escape(matrix.labels[t])) → \(escape(matrix.labels[p])): \(count)</title></rect>"
                if cell >= 20 && count > 0 {
                    svg += "<text x=\"\(labelSpace + p * cell + cell / 2)\" y=\"\(top + t * cell + cell / 2 + 4)\" font-size=\"9\" text-anchor=\"middle\" fill=\"\(share > 0.6 ? "#fff" : "#333")\">\(count)</text>"
                }
            }
        }
        return svg + "</svg>\n"
    }

    /// A 420×320 chart of the unit square: grid, ticks at quarters and axis names, then `plot`
    /// draws into it with the coordinate maps it is given.
    static func unitSquareChart(
        className: String, label: String, xName: String, yName: String,
        plot: (_ x: (Double) -> Int, _ y: (Double) -> Int) -> String
    ) -> String {
        let width = 420, height = 320, margin = 44
        func x(_ value: Double) -> Int { margin + Int(value * Double(width - margin - 10)) }
        func y(_ value: Double) -> Int { height - margin + 10 - Int(value * Double(height - margin - 10)) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(className)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(label)\">"
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            svg += "<line x1=\"\(x(tick))\" y1=\"\(y(0))\" x2=\"\(x(tick))\" y2=\"\(y(1))\" stroke=\"#eceef4\"/><line x1=\"\(x(0))\" y1=\"\(y(tick))\" x2=\"\(x(1))\" y2=\"\(y(tick))\" stroke=\"#eceef4\"/>"
            svg += "<text x=\"\(x(tick))\" y=\"\(y(0) + 14)\" font-size=\"10\" text-anchor=\"middle\">\(tick)</text><text x=\"\(x(0) - 6)\" y=\"\(y(tick) + 3)\" font-size=\"10\" text-anchor=\"end\">\(tick)</text>"
        }
        svg += "<text x=\"\(x(0.5))\" y=\"\(height - 6)\" font-size=\"11\" text-anchor=\"middle\">\(xName)</text>"
        svg += "<text x=\"12\" y=\"\(y(0.5))\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(y(0.5)))\">\(yName)</text>"
        return svg + plot(x, y) + "</svg>\n"
    }

    /// The reliability diagram: observed frequency per probability bin as dots sized by count,
    /// and the diagonal of perfect calibration.
    static func reliability(_ calibration: Calibration) -> String {
        unitSquareChart(
            className: "reliability", label: "Reliability diagram", xName: "mean predicted probability", yName: "observed frequency"
        ) { x, y in
            var svg = "<line x1=\"\(x(0))\" y1=\"\(y(0))\" x2=\"\(x(1))\" y2=\"\(y(1))\" stroke=\"#9aa3b5\" stroke-dasharray=\"4 3\"/>"
            let largest = Double(calibration.bins.map(\.count).max() ?? 1)
            let points = calibration.bins.map { "\(x($0.meanProbability)),\(y($0.observedFrequency))" }.joined(separator: " ")
            svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"#3b7dd8\" stroke-width=\"1.5\"/>"
            for bin in calibration.bins {
                let radius = 3 + 6 * (Double(bin.count) / largest).squareRoot()
                svg += "<circle cx=\"\(x(bin.meanProbability))\" cy=\"\(y(bin.observedFrequency))\" r=\"\(String(format: "%.1f", radius))\" fill=\"#3b7dd8\" fill-opacity=\"0.6\"><title>\(String(format: "%.1f–%.1f", bin.lower, bin.upper)): \(bin.count) predictions, mean probability \(number(bin.meanProbability)), observed \(number(bin.observedFrequency))</title></circle>"
            }
            return svg
        }
    }

    /// The micro-averaged precision-recall curve.
    static func precisionRecall(_ curve: [PrecisionRecallPoint]) -> String {
        unitSquareChart(className: "pr-curve", label: "Precision-recall curve", xName: "recall", yName: "precision") { x, y in
            let points = curve.map { "\(x($0.recall)),\(y($0.precision))" }.joined(separator: " ")
            return "<polyline points=\"\(points)\" fill=\"none\" stroke=\"#3b7dd8\" stroke-width=\"2\"/>"
        }
    }
}
