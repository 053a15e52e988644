import ClassifyKit
import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `classify serve` as a user runs it: a process on a loopback port, answering what `predict
/// --json` prints, and stopping cleanly on SIGTERM.
@Suite struct ServeTests {
    let scratch = Scratch()

    /// POSTs (or GETs, without `body`) `path` on `port`; returns the status and the body.
    func request(_ port: Int, _ path: String, body: String? = nil, headers: [String: String] = [:]) -> (status: Int, body: String)? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        if let body {
            request.httpMethod = "POST"
            request.httpBody = Data(body.utf8)
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
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

    /// Starts `classify serve` with `arguments` on a free port; returns the process and the port
    /// once `/healthz` answers.
    func startServer(_ arguments: [String]) throws -> (process: Process, port: Int) {
        let port = Int.random(in: 20_000..<60_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CLIRunner.executable)
        server.arguments = ["serve", "--port", String(port), "--log-level", "error"] + arguments
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        var health: (status: Int, body: String)?
        for _ in 0..<100 where health == nil {
            Thread.sleep(forTimeInterval: 0.1)
            health = request(port, "/healthz")
        }
        try #require(health?.status == 200)
        return (server, port)
    }

    /// Stops `server` with SIGTERM; returns its exit status.
    func stop(_ server: Process) -> Int32 {
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        return server.terminationStatus
    }

    @Test func servesWhatPredictPrintsForAWholeCorpus() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        let corpus = CLIRunner.fixture("news/test")
        #expect(try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "-q"]).status == 0)
        let (server, port) = try startServer(["-m", model])
        defer { if server.isRunning { server.terminate() } }

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
        #expect(stop(server) == 0)
    }

    static let adminToken = "serve-tests-admin-token"

    @Test func reloadsDuringLoadFailNoRequestAndABrokenFileLeavesTheOldModelServing() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        #expect(try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "-q"]).status == 0)
        let (server, port) = try startServer(["-m", model, "--admin-token", Self.adminToken])
        defer { if server.isRunning { server.terminate() } }
        let body = "{\"text\": \"The army moved tanks and artillery to the border.\"}"
        let expected = try #require(request(port, "/v1/classify", body: body))
        let authorization = ["Authorization": "Bearer " + Self.adminToken]

        let clients = 4
        let stopped = Atomic<Bool>(false)
        let answered = Atomic<Int>(0)
        let failed = Atomic<Int>(0)
        let load = DispatchGroup()
        for _ in 0..<clients {
            DispatchQueue.global().async(group: load) {
                while !stopped.load(ordering: .acquiring) {
                    let answer = request(port, "/v1/classify", body: body)
                    if answer?.status == 200 && answer?.body == expected.body {
                        answered.add(1, ordering: .relaxed)
                    } else {
                        failed.add(1, ordering: .relaxed)
                    }
                }
            }
        }
        var reloadFailures = 0
        for _ in 0..<100 where request(port, "/v1/model/reload", body: "", headers: authorization)?.status != 200 {
            reloadFailures += 1
        }
        stopped.store(true, ordering: .releasing)
        load.wait()
        #expect(reloadFailures == 0)
        #expect(failed.load(ordering: .relaxed) == 0 && answered.load(ordering: .relaxed) > 0)
        let health = request(port, "/healthz")
        #expect(health?.body == "{\"failed_reloads\":0,\"generation\":101,\"reloads\":100,\"status\":\"ok\"}\n")

        let bytes = try #require(FileManager.default.contents(atPath: model))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: model))
        let broken = request(port, "/v1/model/reload", body: "", headers: authorization)
        #expect(broken?.status == 422 && broken?.body.contains("truncated model file") == true)
        kill(server.processIdentifier, SIGHUP)
        Thread.sleep(forTimeInterval: 0.3)
        let after = request(port, "/v1/classify", body: body)
        #expect(after?.status == 200 && after?.body == expected.body)
        let metrics = request(port, "/metrics")?.body ?? ""
        #expect(metrics.contains("classify_model_reload_failures_total 2\n") && metrics.contains("classify_model_reloads_total 100\n"))
        #expect(stop(server) == 0)
    }

    /// A socket connected to the server on `port`, with a receive timeout of 5 s.
    func connectedSocket(_ port: Int) throws -> Int32 {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return socket
    }

    /// Sends `partial` (by default the head of a POST whose body stops after `{"text"`), then
    /// reads until the server closes the connection or 5 s pass; returns what it read and how
    /// long it waited.
    func stall(
        _ socket: Int32, sending partial: String = "POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"text\""
    ) -> (answer: String, seconds: Double) {
        if !partial.isEmpty { _ = partial.withCString { send(socket, $0, strlen($0), 0) } }
        let started = Date()
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return (String(decoding: answer, as: UTF8.self), Date().timeIntervalSince(started))
    }

    @Test func stalledConnectionsAreClosedAndSlowBodiesTimeOut() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        #expect(try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "-q"]).status == 0)
        let (idle, idlePort) = try startServer(["-m", model, "--idle-timeout", "1"])
        defer { if idle.isRunning { idle.terminate() } }
        let idleSocket = try connectedSocket(idlePort)
        defer { close(idleSocket) }
        let closed = stall(idleSocket)
        #expect(closed.seconds >= 0.8 && closed.seconds < 4.5, "the server closed the stalled connection after \(closed.seconds) s")
        #expect(stop(idle) == 0)

        let (slow, slowPort) = try startServer(["-m", model, "--idle-timeout", "30", "--request-timeout", "1"])
        defer { if slow.isRunning { slow.terminate() } }
        let slowSocket = try connectedSocket(slowPort)
        defer { close(slowSocket) }
        let head = "POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"text\""
        _ = head.withCString { send(slowSocket, $0, strlen($0), 0) }
        Thread.sleep(forTimeInterval: 1.5)
        _ = ": \"a".withCString { send(slowSocket, $0, strlen($0), 0) }
        let timedOut = stall(slowSocket, sending: "")
        #expect(timedOut.answer.hasPrefix("HTTP/1.1 408"), "\(timedOut.answer)")
        #expect(timedOut.answer.contains("{\"error\":\"the body took longer than 1 seconds to arrive (--request-timeout)\"}"))
        #expect(request(slowPort, "/healthz")?.status == 200)
        #expect(stop(slow) == 0)
    }

    @Test func badFlagsAreOneLineErrors() throws {
        let port = try CLIRunner.run(["serve", "--port", "70000"])
        #expect(port.status == 64 && port.stderr.hasPrefix("Error: --port must be from 0 to 65535 (got 70000)"))
        let model = try CLIRunner.run(["serve", "-m", "/nonexistent.classify"])
        #expect(model.status == 1 && model.stderr == "Error: /nonexistent.classify: cannot read the model: no such file or directory\n")
        let token = try CLIRunner.run(["serve", "--admin-token", "short"])
        #expect(token.status == 64 && token.stderr.hasPrefix("Error: --admin-token must be at least 16 characters (got 5)"))
        let inflight = try CLIRunner.run(["serve", "--max-inflight", "0"])
        #expect(inflight.status == 64 && inflight.stderr.hasPrefix("Error: --max-inflight must be at least 1 (got 0)"))
    }

    /// An address that cannot be resolved or is taken is reported naming the option to change; a
    /// body whose Content-Length is over --max-body is refused at once, before it arrives.
    @Test func badAddressesAndOversizedLengthsAreAnsweredAtOnce() throws {
        defer { scratch.remove() }
        let host = try CLIRunner.run(["serve", "--host", "999.1.1.1", "--port", "0"])
        #expect(host.status == 1 && host.stderr.hasPrefix("Error: --host 999.1.1.1: not an address or a name this machine can resolve"), "\(host.stderr)")
        let model = scratch.file("m.classify")
        #expect(try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "-q"]).status == 0)
        let (server, port) = try startServer(["-m", model, "--max-body", "1000"])
        defer { if server.isRunning { server.terminate() } }
        let taken = try CLIRunner.run(["serve", "-m", model, "--port", String(port)])
        #expect(taken.status == 1 && taken.stderr == "Error: --port \(port): 127.0.0.1:\(port) is already in use; choose another port, or stop what listens there\n")
        let socket = try connectedSocket(port)
        defer { close(socket) }
        let answer = stall(socket, sending: "POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n{\"text\"")
        #expect(answer.answer.hasPrefix("HTTP/1.1 413"), "\(answer.answer)")
        #expect(answer.answer.contains("{\"error\":\"the body is declared as 99999999999 bytes, more than the 1000 allowed (--max-body)\"}"))
        #expect(request(port, "/healthz")?.status == 200)
        #expect(stop(server) == 0)
    }
}
