//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// `GET /metrics` of a real `ai2ai-server` process (its swift-metrics backend is bootstrapped by
/// its `main`, once per process): after one delegated session, the counters say what happened.
@Suite("GET /metrics in the Prometheus text format", .timeLimit(.minutes(5)))
struct MetricsEndpointTests {
    @Test("a delegated session's calls, turns, tokens, claims and tasks are counted")
    func countsOneSession() async throws {
        try await Soak.withFakeProvider(
            "metrics",
            { FaultyTeamModel.stream(toolCalls: FaultyTeamModel.actions(for: $0)) },
            body: { fake, database in
                var environment = Soak.environment(database: database, providerURL: fake.baseURL)
                // A closed event stream is noticed at the next keep-alive it is sent.
                environment["AI2AI_KEEPALIVE_SECONDS"] = "1"
                let server = try ServerProcess(environment: environment)
                let base = "http://127.0.0.1:\(try await server.waitUntilListening())"
                let session = try await Soak.startTeamSession(base: base)
                let tasks = try await Soak.waitUntilEnded(server, base: base, sessions: [session], known: [:])
                #expect(Soak.Outcome(tasks).completed == 1)

                // An open event stream counts as a subscriber while it is open.
                let (opened, open) = AsyncStream.makeStream(of: Void.self)
                let watcher = Task {
                    try await SSEClient.read(
                        base + "/multi-agent/events/\(session)",
                        onFrame: { _ in open.yield() },
                        until: { _ in false }
                    )
                }
                for await _ in opened { break }
                let watched = Self.samples(try await Self.metrics(base))
                #expect(watched.first { $0.name == "ai2ai_event_subscribers" }?.value == 1)
                // A second stream paces the wait: its keep-alives (every second) come as the server
                // writes to the streams, which is when it notices the closed one.
                let (ticks, tick) = AsyncStream.makeStream(of: Void.self)
                let pacer = Task {
                    try await SSEClient.read(
                        base + "/multi-agent/events/\(session)",
                        onFrame: { _ in tick.yield() },
                        until: { _ in false }
                    )
                }
                var pace = ticks.makeAsyncIterator()
                _ = await pace.next()
                watcher.cancel()
                _ = try? await watcher.value
                var subscribers: Double? = 2
                for _ in 0..<120 where subscribers != 1 {
                    subscribers =
                        Self.samples(try await Self.metrics(base))
                        .first { $0.name == "ai2ai_event_subscribers" }?.value
                    if subscribers != 1 { _ = await pace.next() }
                }
                #expect(subscribers == 1, "the closed stream's subscription ended; the pacing one is open")
                pacer.cancel()
                _ = try? await pacer.value

                let response = try await HTTPClient.shared.execute(
                    HTTPClientRequest(url: base + "/metrics"),
                    timeout: .seconds(60)
                )
                #expect(response.status == .ok)
                #expect(response.headers.first(name: "Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
                let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
                await server.terminate()
                let samples = Self.samples(text)
                func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
                    samples.first { $0.name == name && $0.labels == labels }?.value
                }

                // The lead: two calls (delegate, then complete); each helper: one.
                let ok = ["provider": "openai", "outcome": "ok"]
                #expect(value("ai2ai_model_calls_total", ok) == 4, "\(text)")
                #expect(value("ai2ai_model_call_duration_seconds_count", ok) == 4)
                #expect((value("ai2ai_model_call_duration_seconds_sum", ok) ?? 0) > 0)
                #expect(value("ai2ai_model_calls_total", ["provider": "openai", "outcome": "failed"]) == nil)
                #expect(value("ai2ai_model_tokens_total", ["provider": "openai", "kind": "input"]) == 160)
                #expect(value("ai2ai_model_tokens_total", ["provider": "openai", "kind": "output"]) == 32)
                #expect(value("ai2ai_agent_turns_total") == 4)
                #expect(value("ai2ai_tasks_finished_total", ["outcome": "completed"]) == 3)
                #expect((value("ai2ai_claims_total", ["result": "claimed"]) ?? 0) >= 4)
                #expect(value("ai2ai_tasks_in_progress") == 0)
                // Sampled from the store every 5 s, from the start: at most the session's 3 tasks.
                #expect((0...3).contains(value("ai2ai_tasks_pending") ?? -1), "\(text)")
                #expect(value("ai2ai_provider_requests_total", ["provider": "openai"]) == 4)
            }
        )
    }

    /// The text of `GET /metrics`.
    static func metrics(_ base: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: base + "/metrics"),
            timeout: .seconds(60)
        )
        return String(buffer: try await response.body.collect(upTo: 1 << 20))
    }

    /// One sample line of the text format: `name{label="value",...} number`.
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// The samples of a Prometheus text exposition (comments skipped; label values without escapes).
    static func samples(_ text: String) -> [Sample] {
        text.split(separator: "\n").compactMap { line -> Sample? in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
                let value = Double(line[line.index(after: space)...])
            else { return nil }
            let series = line[..<space]
            guard let open = series.firstIndex(of: "{") else {
                return Sample(name: String(series), labels: [:], value: value)
            }
            var labels: [String: String] = [:]
            for pair in series[series.index(after: open)...].dropLast().split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
            }
            return Sample(name: String(series[..<open]), labels: labels, value: value)
        }
    }
}
