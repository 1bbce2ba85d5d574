//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A running `ai2ai-server` child process on a free loopback port.
struct ServerProcess {
    let process: Process
    let port: Int

    /// The child's process id.
    var pid: Int32 { process.processIdentifier }

    /// Starts the server with its default provider pointed at `providerURL`.
    /// - Parameters:
    ///   - database: The server's `DATABASE_URL` (default: in memory).
    ///   - environment: More variables, which win over the ones set here.
    static func start(
        _ binary: String,
        providerURL: String,
        database: String = "memory",
        environment extra: [String: String] = [:],
        startTimeout: Duration = .seconds(20)
    ) async throws -> ServerProcess {
        let port = 18_000 + Int.random(in: 0..<2_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        var environment = ProcessInfo.processInfo.environment
        environment["HOST"] = "127.0.0.1"
        environment["PORT"] = "\(port)"
        environment["DATABASE_URL"] = database
        environment["DEFAULT_PROVIDER"] = "openai"
        environment["DEFAULT_MODEL"] = "bench"
        environment["OPENAI_BASE_URL"] = providerURL
        environment["OPENAI_API_KEY"] = "bench"
        environment["LOG_LEVEL"] = "warning"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = ServerProcess(process: process, port: port)
        let deadline = ContinuousClock.now + startTimeout
        while ContinuousClock.now < deadline {
            if let (status, _) = try? await server.request(.GET, "/health"), status == 200 { return server }
            guard process.isRunning else { throw BenchError("ai2ai-server exited with \(process.terminationStatus)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.stop()
        throw BenchError("ai2ai-server did not answer /health within \(startTimeout)")
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Creates a one-agent session and sends it `tasks` messages; returns once every task completed.
    func seed(tasks: Int) async throws -> String {
        let (status, created) = try await request(.POST, "/multi-agent/create", body: #"{"num_agents": 1}"#)
        guard status == 200, let session = created["session_id"] as? String else {
            throw BenchError("POST /multi-agent/create answered \(status)")
        }
        for index in 0..<tasks {
            let body = #"{"session_id": "\#(session)", "message": "Seed task \#(index)"}"#
            let (status, _) = try await request(.POST, "/multi-agent/message", body: body)
            guard status == 200 else { throw BenchError("POST /multi-agent/message answered \(status)") }
        }
        for _ in 0..<600 {
            let (_, listing) = try await request(.GET, "/multi-agent/tasks/\(session)")
            let statuses = (listing["tasks"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
            if statuses.count >= tasks, statuses.allSatisfy({ $0 == "completed" }) { return session }
            if statuses.contains("failed") { throw BenchError("a seed task failed") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("the \(tasks) seed tasks did not complete within 60 s")
    }

    /// Sends a request; returns the status and the body's JSON object (empty when it is not one).
    func request(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: url(path))
        request.method = method
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
        let object = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any]
        return (Int(response.status.code), object ?? [:])
    }
}

/// What wrk printed.
struct WrkResult {
    var requestsPerSecond: Double
    var p50: Double
    var p99: Double
    /// Socket errors and non-2xx answers, when there were any.
    var problems: String?

    init(_ output: String) throws {
        var rate: Double?
        var p50: Double?
        var p99: Double?
        var problems: [String] = []
        for line in output.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix("Requests/sec:"), parts.count >= 2 { rate = Double(parts[1]) }
            if line.hasPrefix("50%"), parts.count >= 2 { p50 = Self.seconds(String(parts[1])) }
            if line.hasPrefix("99%"), parts.count >= 2 { p99 = Self.seconds(String(parts[1])) }
            if line.hasPrefix("Socket errors") || line.hasPrefix("Non-2xx") { problems.append(line) }
        }
        guard let rate, let p50, let p99 else { throw BenchError("cannot read wrk's output: \(output.prefix(300))") }
        self.requestsPerSecond = rate
        self.p50 = p50
        self.p99 = p99
        self.problems = problems.isEmpty ? nil : problems.joined(separator: ", ")
    }

    /// `812.00us`, `1.23ms`, `2.00s` in seconds.
    private static func seconds(_ text: String) -> Double? {
        for (suffix, scale) in [("us", 1e-6), ("ms", 1e-3), ("s", 1.0), ("m", 60.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * scale }
        }
        return nil
    }
}
