//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation
import NIOCore

/// Section 4: the example server under wrk on loopback. The release `ai2ai-server` runs with an
/// in-memory database and its OpenAI provider pointed at a loopback server whose every answer is
/// a `complete_task` tool call, so agents finish their tasks at once without the network.
struct ServerBench {
    var binary: String?
    var seconds: Int
    var repetitions = 3
    var connections = 32
    var tasks = 100

    func run() async throws -> [Row] {
        guard let binary, FileManager.default.isExecutableFile(atPath: binary) else {
            return Self.notMeasured("no ai2ai-server executable given (--server-binary)")
        }
        guard let wrk = Subprocess.find("wrk") else {
            return Self.notMeasured("wrk is not installed (apt-get install wrk; run.sh does it)")
        }
        let provider = try await LoopbackServer.start(routes: [
            "/agent/chat/completions": LoopbackServer.Route(
                contentType: "text/event-stream",
                body: Self.completeTaskAnswer
            )
        ])
        let server: ServerProcess
        do {
            server = try await ServerProcess.start(binary, providerURL: provider.baseURL + "/agent")
        } catch {
            try await provider.shutdown()
            return Self.notMeasured("the server did not start: \(error)")
        }
        defer { server.stop() }
        do {
            let rows = try await measure(server, wrk: wrk)
            try await provider.shutdown()
            return rows
        } catch {
            try await provider.shutdown()
            throw error
        }
    }

    private func measure(_ server: ServerProcess, wrk: String) async throws -> [Row] {
        Report.progress("server: creating a session with \(tasks) finished tasks")
        let session = try await server.seed(tasks: tasks)
        var rows: [Row] = []
        let get = try measure(
            wrk,
            name: "GET /multi-agent/tasks/{session_id}",
            url: server.url("/multi-agent/tasks/\(session)"),
            script: nil
        )
        rows.append(get)
        Report.print([get])
        let script = FileManager.default.temporaryDirectory
            .appendingPathComponent("ai2ai-bench-post-\(UUID().uuidString).lua")
        try """
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        wrk.body = '{"session_id": "\(session)", "message": "Benchmark message"}'
        """.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let post = try measure(
            wrk,
            name: "POST /multi-agent/message",
            url: server.url("/multi-agent/message"),
            script: script.path
        )
        rows.append(post)
        Report.print([post])
        return rows
    }

    private func measure(_ wrk: String, name: String, url: String, script: String?) throws -> Row {
        var rates: [Double] = []
        var p50s: [Double] = []
        var p99s: [Double] = []
        var errors: [String] = []
        for _ in 0..<repetitions {
            Report.progress("server: wrk \(name), \(seconds) s")
            var arguments = ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency"]
            if let script { arguments += ["-s", script] }
            let output = try Subprocess.run(wrk, arguments + [url])
            let result = try WrkResult(output.standardOutput)
            rates.append(result.requestsPerSecond)
            p50s.append(result.p50)
            p99s.append(result.p99)
            if let problem = result.problems { errors.append(problem) }
        }
        return Row(
            section: "Server",
            name: name,
            result: "\(Format.rate(Statistics.median(rates))) req/s · p50 \(Format.latency(Statistics.median(p50s))), "
                + "p99 \(Format.latency(Statistics.median(p99s)))",
            runs: repetitions,
            notes: "wrk -t2 -c\(connections) -d\(seconds)s on loopback, server and wrk on the same 2 cores"
                + (errors.isEmpty ? "" : "; \(errors.joined(separator: "; "))")
        )
    }

    private static func notMeasured(_ reason: String) -> [Row] {
        let rows = ["GET /multi-agent/tasks/{session_id}", "POST /multi-agent/message"].map {
            Row(section: "Server", name: $0, result: "not measured", runs: 0, notes: reason)
        }
        Report.print(rows)
        return rows
    }

    /// An OpenAI-compatible streamed answer that calls `complete_task`.
    static let completeTaskAnswer: ByteBuffer = {
        let prefix =
            #"data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"#
            + #""model":"bench","choices":"#
        return ByteBuffer(
            string:
                prefix
                + #"[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1","#
                + #""type":"function","function":{"name":"complete_task","arguments":"{\"result\":\"done\"}"}}]},"#
                + #""finish_reason":null}]}"# + "\n\n"
                + prefix + #"[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"#
                + #""usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}"# + "\n\n"
                + "data: [DONE]\n\n"
        )
    }()
}
