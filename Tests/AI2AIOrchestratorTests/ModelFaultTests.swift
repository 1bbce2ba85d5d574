//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIOrchestrator
import AI2AIProviders
import AI2AIStorage
import AI2AITesting
import Foundation
import Testing

/// Faults of real provider clients (against the fake provider server) end every task: retried,
/// then failed with a reason that names them.
@Suite(.timeLimit(.minutes(5)))
struct ModelFaultTests {
    static let completeCall =
        #"data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"complete_task","arguments":"{\"result\":\"done\"}"}}]},"finish_reason":"tool_calls"}]}"#
        + "\n\ndata: [DONE]\n\n"

    /// An agent of the OpenAI-compatible provider.
    static let solo = AgentSpec(name: "Solo", role: "Helper", model: "openai:gpt-test")

    /// An orchestrator on `clock` whose one agent calls an OpenAI-compatible server at `baseURL`,
    /// through a transport lenient with a loaded machine unless one is given.
    static func orchestrator(
        baseURL: String,
        clock: ManualClock,
        modelRetry: RetryPolicy? = nil,
        transport: any HTTPTransport = AsyncHTTPClientTransport.forTesting
    ) -> (Orchestrator, InMemoryStore) {
        var models = ModelRegistry(defaultProvider: "openai")
        models.register(
            "openai",
            OpenAICompatibleProvider(
                configuration: .init(name: "openai", baseURL: baseURL, clock: clock),
                transport: transport
            )
        )
        var configuration = Orchestrator.Configuration.manual(clock)
        if let modelRetry { configuration.modelRetry = modelRetry }
        let store = InMemoryStore(clock: clock)
        return (Orchestrator(store: store, models: models, configuration: configuration), store)
    }

    @Test func aMalformedEventAfterStreamedTextIsRetriedAndTheTaskCompletes() async throws {
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                headers: [("Content-Type", "text/event-stream")],
                body: Array(
                    ("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Thinking\"}}]}\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\n\n").utf8
                )
            ),
            FakeProviderResponse(headers: [("Content-Type", "text/event-stream")], body: Array(Self.completeCall.utf8)),
        ])
        defer { Task { try await server.shutdown() } }
        let clock = ManualClock()
        let (orchestrator, _) = Self.orchestrator(baseURL: server.baseURL, clock: clock)
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [Self.solo]))
            _ = try await orchestrator.send("Go", to: session.id)
            let (roots, _) = try await clock.skippingSleeps(within: .seconds(1)) {
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            }
            let root = try #require(roots.first)
            #expect(root.status == .completed, "\(root.error ?? "")")
            #expect(root.result == "done")
            #expect(server.requests.count == 2)
        }
    }

    @Test func aDecodingFailureIsTransient() async throws {
        let model = ScriptedModel([
            .fail(ProviderError(.decoding, message: "Malformed stream event: {oops")),
            .respond(.calling("complete_task", ["result": "second time"])),
        ])
        let clock = ManualClock()
        let orchestrator = Orchestrator(
            store: InMemoryStore(clock: clock),
            models: registry(["solo": model]),
            configuration: .manual(clock)
        )
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Solo")]))
            _ = try await orchestrator.send("Go", to: session.id)
            let (roots, waits) = try await clock.skippingSleeps(within: .seconds(1)) {
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            }
            #expect(roots.first?.status == .completed, "\(roots.first?.error ?? "")")
            #expect(waits.count == 1)
        }
    }

    @Test func anUnreachableProviderFailsTheTaskAfterAboutTenSecondsOfRetries() async throws {
        let closed = try await FakeProviderServer.start(responses: [])
        let baseURL = closed.baseURL + "/v1"
        try await closed.shutdown()
        let clock = ManualClock()
        // The default retries: the provider's (2, from 0.5 s) inside the orchestrator's (3, from 1 s).
        // The default transport: it reports the refused connection at once.
        let (orchestrator, _) = Self.orchestrator(
            baseURL: baseURL,
            clock: clock,
            modelRetry: Orchestrator.Configuration().modelRetry,
            transport: AsyncHTTPClientTransport()
        )
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [Self.solo]))
            let events = orchestrator.events(for: session.id)
            _ = try await orchestrator.send("Go", to: session.id)
            let (roots, waits) = try await clock.skippingSleeps(within: .seconds(31)) {
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(600))
            }
            let root = try #require(roots.first)
            #expect(root.status == .failed)
            // Every retry, the provider client's and the orchestrator's, was announced before its wait.
            var retries: [(attempt: Int, wait: Duration, reason: String)] = []
            for await event in events {
                if case .modelRetry(_, _, let attempt, let wait, let reason) = event.kind {
                    retries.append((attempt, wait, reason))
                }
                if case .taskFailed = event.kind { break }
            }
            #expect(retries.map(\.attempt) == Array(1...11))
            #expect(retries.map(\.wait) == waits)
            #expect(retries.allSatisfy { $0.reason.contains("Cannot reach openai") })
            #expect(root.error?.contains("after 12 attempts") == true, "\(root.error ?? "")")
            #expect(
                root.error?.contains("Cannot reach openai at \(baseURL): connection refused") == true,
                "\(root.error ?? "")"
            )
            #expect(waits.count == 11, "4 orchestrator attempts of 3 provider attempts each")
            let total = waits.reduce(Duration.zero, +)
            #expect(total >= .seconds(9) && total <= .seconds(13), "\(total)")
        }
    }

    @Test func aRetryIsAnnouncedBetweenTheFailedAttemptsTextAndTheNextAttemptsText() async throws {
        let model = CutOnceModel()
        let clock = ManualClock()
        var models = ModelRegistry(defaultProvider: "cut")
        models.register("cut", model)
        let orchestrator = Orchestrator(
            store: InMemoryStore(clock: clock),
            models: models,
            configuration: .manual(clock)
        )
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(
                SessionSpec(agents: [AgentSpec(name: "Solo", role: "Helper", model: "cut:m")])
            )
            let events = orchestrator.events(for: session.id)
            _ = try await orchestrator.send("Go", to: session.id)
            let (roots, waits) = try await clock.skippingSleeps(within: .seconds(1)) {
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            }
            #expect(roots.first?.status == .completed)
            var story: [String] = []
            for await event in events {
                switch event.kind {
                case .modelTextDelta(_, _, let text): story.append("text \(text)")
                case .modelRetry(_, _, let attempt, let wait, let reason):
                    #expect(wait == waits.first)
                    #expect(reason.contains("stream_interrupted"))
                    story.append("retry \(attempt)")
                case .taskCompleted: story.append("completed")
                default: continue
                }
                if story.last == "completed" { break }
            }
            #expect(story == ["text Half an ", "retry 1", "text Done.", "completed"])
        }
    }

    @Test func aStreamOfKeepAlivesFailsTheTaskAfterItsRetriesNamingTheIdleTimeout() async throws {
        let keepAlives = Array(": OPENROUTER PROCESSING\n\n: keep-alive\n\n".utf8)
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                headers: [("Content-Type", "text/event-stream")],
                body: keepAlives,
                stallAfter: keepAlives.count
            )
        ])
        defer { Task { try await server.shutdown() } }
        let clock = ManualClock()
        let (orchestrator, _) = Self.orchestrator(baseURL: server.baseURL, clock: clock)
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [Self.solo]))
            _ = try await orchestrator.send("Go", to: session.id)
            // Skips the idle timeouts (120 s) and the backoffs, not the head deadline (130 s).
            let (roots, _) = try await clock.skippingSleeps(within: .seconds(121)) {
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(3600))
            }
            let root = try #require(roots.first)
            #expect(root.status == .failed)
            #expect(root.error?.contains("idle timeout") == true, "\(root.error ?? "")")
            #expect(server.requests.count == 12, "3 provider attempts in each of 4 orchestrator attempts")
        }
    }
}

/// Streams part of an answer and is cut on its first call; answers in full afterwards.
final class CutOnceModel: ModelProvider {
    private let calls = Counter()

    func complete(_ request: ModelRequest) async throws -> ModelResponse {
        try await ModelResponse.collect(stream(request))
    }

    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelStreamEvent, any Error> {
        let first = calls.next() == 1
        return AsyncThrowingStream { continuation in
            if first {
                continuation.yield(.textDelta("Half an "))
                continuation.finish(throwing: ProviderError(.streamInterrupted, message: "The stream was cut"))
                return
            }
            let answer = ModelResponse.calling("complete_task", ["result": "done"], text: "Done.")
            for event in ScriptedModel.events(for: answer) { continuation.yield(event) }
            continuation.finish()
        }
    }
}
