import Foundation
import Testing
@testable import ClassifyKit

@Suite struct ReportTests {
    @Test func rankingMetrics() {
        // Two documents, three labels.
        let probabilities: [Float] = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6]
        let ranking = RankingMetrics(probabilities: probabilities, truth: [["b"], ["c", "a"]], labels: ["a", "b", "c"])
        #expect(ranking.topKAccuracy([1, 2]) == ["1": 0.5, "2": 1.0])
        #expect(ranking.precisionAtK([1]) == ["1": 0.5])
        #expect(ranking.recallAtK([2]) == ["2": 0.75])
        let curve = ranking.microPrecisionRecallCurve(points: 10)
        #expect(curve.last?.recall == 1)
        #expect(curve.first?.precision == 0)
    }

    @Test func undefinedRatiosAreNamed() {
        #expect(LabelMetrics(truePositives: 0, falsePositives: 0, falseNegatives: 3).undefined == ["precision"])
        #expect(LabelMetrics(truePositives: 0, falsePositives: 2, falseNegatives: 0).undefined == ["recall"])
        #expect(LabelMetrics(truePositives: 0, falsePositives: 0, falseNegatives: 0).undefined == ["precision", "recall", "f1"])
        #expect(LabelMetrics(truePositives: 1, falsePositives: 0, falseNegatives: 0).undefined == nil)
    }

    func report(multiLabel: Bool) throws -> EvaluationReport {
        var options = TrainingOptions()
        options.tfidf.minDF = 1
        options.multiLabel = multiLabel
        let documents = multiLabel ? ModelFileTests.documents : ModelFileTests.documents.filter { $0.labels.count == 1 }
        let model = try ModelTrainer.train(documents, options: options)
        return Evaluator.evaluate(model, on: documents, modelPath: "m.classify")
    }

    @Test func markdownAndHTMLReports() throws {
        let single = try report(multiLabel: false)
        #expect(single.topKAccuracy?["1"] == single.accuracy)
        let markdown = ReportFormatter.markdown(single, title: "T")
        #expect(markdown.contains("| accuracy |"))
        #expect(markdown.contains("Confusion matrix (rows: true label, columns: predicted):"))
        let html = HTMLReport.render(single, title: "T <&>")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>T &lt;&amp;&gt;</title>"))
        #expect(html.contains("class=\"f1-bars\"") && html.contains("class=\"heatmap\""))
        #expect(!html.contains("<script") && !html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        let multi = try report(multiLabel: true)
        let multiHTML = HTMLReport.render(multi, title: "M")
        #expect(multiHTML.contains("class=\"pr-curve\""))
        #expect(!multiHTML.contains("class=\"heatmap\""))
        // Reports from a model carry its calibration, in every format.
        #expect(single.calibration?.unit == .chosenLabel && multi.calibration?.unit == .documentLabelPair)
        // Every single-label document is one prediction in the bins, every multi-label pair one.
        #expect(single.calibration.map { $0.bins.reduce(0) { $0 + $1.count } } == single.documents)
        #expect(multi.calibration.map { $0.bins.reduce(0) { $0 + $1.count } } == multi.documents * multi.labels.count)
        if let calibration = single.calibration, single.unknownLabels.isEmpty, let accuracy = single.accuracy {
            let hits = calibration.bins.reduce(0.0) { $0 + $1.observedFrequency * Double($1.count) }
            #expect(abs(hits / Double(single.documents) - accuracy) < 1e-9)
        }
        #expect(markdown.contains("| calibration | log-loss "))
        #expect(markdown.contains("| probability | predictions | mean probability | observed |"))
        #expect(html.contains("class=\"reliability\""))
        #expect(ReportFormatter.text(multi).contains("calibration  log-loss "))
        #expect(try ReportFormatter.json(multi).contains("\"expected_calibration_error\""))
    }

    /// Renders the HTML report of a real corpus (a fixture where `../shared` is absent) in headless
    /// Chromium to a PNG (skipped where Chromium is not installed).
    @Test(.tags(.browser), .enabled(if: Fixtures.chromium != nil, "needs chromium (apt-get install chromium)"))
    func htmlReportRendersInChromium() throws {
        let chromium = try #require(Fixtures.chromium)
        let evaluation: EvaluationReport
        if let folder = Fixtures.sharedCorpora("bbc") {
            let reader = CorpusReader(requireLabels: true)
            var options = TrainingOptions()
            options.classifierName = "complement-nb"
            let model = try ModelTrainer.train(try reader.readAll([folder + "/train.jsonl"]).documents, options: options)
            evaluation = Evaluator.evaluate(model, on: try reader.readAll([folder + "/test.jsonl"]).documents, modelPath: "bbc.classify")
        } else {
            evaluation = try report(multiLabel: false)
        }
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let page = folder.write("report.html", HTMLReport.render(evaluation, title: "BBC"))
        let png = folder.path + "/report.png"
        func chrome(_ arguments: [String]) throws -> (String, Int32) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: chromium)
            process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + folder.path + "/profile"] + arguments + ["file://" + page]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (String(decoding: data, as: UTF8.self), process.terminationStatus)
        }
        let (dom, status) = try chrome(["--dump-dom"])
        #expect(status == 0)
        #expect(dom.contains("<svg") && dom.contains("class=\"heatmap\"") && dom.contains("class=\"f1-bars\""))
        #expect(dom.components(separatedBy: "<rect").count > 25)
        _ = try chrome(["--window-size=1200,1800", "--screenshot=" + png])
        let bytes = try #require(FileManager.default.contents(atPath: png))
        #expect(bytes.count > 10_000)
        #expect(bytes.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }
}

@Suite struct PredictionJSONTests {
    @Test func linesAreValidJSONWithSortedScores() throws {
        let line = PredictionJSON.line(
            id: "a \"quoted\"\nid\u{1}", labels: ["b", "a"], scores: [("b", 0.75), ("a", 0.25), ("ü", 1e-7)])
        #expect(line == "{\"id\":\"a \\\"quoted\\\"\\nid\\u0001\",\"labels\":[\"b\",\"a\"],\"scores\":{\"a\":0.25,\"b\":0.75,\"ü\":1e-07}}")
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        #expect(object["id"] as? String == "a \"quoted\"\nid\u{1}")
        #expect((object["scores"] as? [String: Double])?["b"] == 0.75)
        // U+2028 is escaped; other characters starting with the same byte (€) are not.
        #expect(PredictionJSON.line(id: "x\u{2028}€", labels: [], scores: []) == "{\"id\":\"x\\u2028€\",\"labels\":[],\"scores\":{}}")
    }
}
