import ClassifyKit
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `classify serve` as a user runs it: a process on a loopback port, answering what `predict
/// --json` prints, and stopping cleanly on SIGTERM.
@Suite struct ServeTests {
    let scratch = Scratch()

    /// POSTs (or GETs, without `body`) `path` on `port`; returns the status and the body.
    func request(_ port: Int, _ path: String, body: String? = nil) -> (status: Int, body: String)? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        if let body {
            request.httpMethod = "POST"
            request.httpBody = Data(body.utf8)
        }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, String)?
        URLSession.shared.dataTask(with: request) { data, response, _ in
            if let response = response as? HTTPURLResponse {
                result = (response.statusCode, String(decoding: data ?? Data(), as: UTF8.self))
            }
            done.signal()
        }.resume()
        done.wait()
        return result
    }

    @Test func servesWhatPredictPrintsForAWholeCorpus() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        let corpus = CLIRunner.fixture("news/test")
        #expect(try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "-q"]).status == 0)
        let port = Int.random(in: 20_000..<60_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CLIRunner.executable)
        server.arguments = ["serve", "-m", model, "--port", String(port)]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        var health: (status: Int, body: String)?
        for _ in 0..<100 where health == nil {
            Thread.sleep(forTimeInterval: 0.1)
            health = request(port, "/healthz")
        }
        #expect(health?.status == 200)

        var documents: [Document] = []
        _ = try CorpusReader().read(corpus) { documents.append($0) }
        let body = try JSONSerialization.data(withJSONObject: ["documents": documents.map { ["id": $0.id, "title": $0.title ?? "", "text": $0.text] }])
        let answer = try #require(request(port, "/v1/classify", body: String(decoding: body, as: UTF8.self)))
        #expect(answer.status == 200)
        let predicted = try CLIRunner.run(["predict", "-m", model, corpus, "--json"]).stdout.split(separator: "\n").map(String.init)
        let served = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])["predictions"] as? [[String: Any]]
        let expected = try predicted.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(served?.count == expected.count && expected.count == documents.count)
        for (one, other) in zip(served ?? [], expected) {
            #expect(one["id"] as? String == other["id"] as? String)
            #expect(one["labels"] as? [String] == other["labels"] as? [String])
            #expect(one["scores"] as? [String: Double] == other["scores"] as? [String: Double], "\(one["id"] ?? "")")
        }
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
    }

    @Test func badFlagsAreOneLineErrors() throws {
        let port = try CLIRunner.run(["serve", "--port", "70000"])
        #expect(port.status == 64 && port.stderr.hasPrefix("Error: --port must be from 0 to 65535 (got 70000)"))
        let model = try CLIRunner.run(["serve", "-m", "/nonexistent.classify"])
        #expect(model.status == 1 && model.stderr == "Error: /nonexistent.classify: cannot read the model: no such file or directory\n")
    }
}
