//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIProviders
import AI2AITesting
import Testing

/// Every provider call ends: comments are not progress, a call has a total deadline, a refused
/// connection fails at once, and a malformed event is retried like a cut connection.
@Suite("Call deadlines and transient faults", .timeLimit(.minutes(5)))
struct CallDeadlineTests {
    static let hi = ModelRequest(model: "m", messages: [.user("Hi")])
    static let content = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\n\n"
    static let done =
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"

    static func client(
        _ transport: any HTTPTransport,
        clock: ManualClock,
        retryPolicy: RetryPolicy = .none,
        timeouts: ProviderTimeouts = ProviderTimeouts()
    ) -> OpenAICompatibleProvider {
        OpenAICompatibleProvider(
            configuration: .init(
                name: "openrouter",
                baseURL: "http://provider.invalid/api/v1",
                timeouts: timeouts,
                retryPolicy: retryPolicy,
                clock: clock
            ),
            transport: transport
        )
    }

    @Test("SSE comments are not progress: only keep-alives for the idle timeout end the call")
    func commentsAreNotProgress() async throws {
        let clock = ManualClock()
        let transport = ControlledTransport()
        let client = Self.client(transport, clock: clock)
        let call = Task { await TestProviders.collectStream(client, Self.hi) }
        let body = await transport.body(1)
        await body.deliver(": OPENROUTER PROCESSING\n\n")
        clock.advance(by: .seconds(60))
        await body.deliver(": keep-alive\n\n")
        clock.advance(by: .seconds(59))
        await body.deliver(": OPENROUTER PROCESSING\n\n")
        clock.advance(by: .seconds(1))
        let result = await call.value
        #expect(result.error?.kind == .timeout)
        #expect(result.error?.message.contains("idle") == true, "\(String(describing: result.error))")
        #expect(result.events.isEmpty)
    }

    @Test("a call that keeps sending content is cut at its total deadline (600 s by default)")
    func totalDeadline() async throws {
        let clock = ManualClock()
        let start = clock.now
        let transport = ControlledTransport()
        let client = Self.client(transport, clock: clock)
        let call = Task { await TestProviders.collectStream(client, Self.hi) }
        let body = await transport.body(1)
        for _ in 0..<5 {
            await body.deliver(Self.content)
            clock.advance(by: .seconds(100))
        }
        await body.deliver(Self.content)
        clock.advance(by: .seconds(99))
        #expect(transport.requestCount == 1)
        clock.advance(by: .seconds(1))
        let result = await call.value
        #expect(clock.now == start.adding(.seconds(600)))
        #expect(result.textDeltas.count == 6)
        #expect(result.error?.kind == .timeout)
        #expect(result.error?.message.contains("600") == true, "\(String(describing: result.error))")
    }

    @Test("a malformed event before any content is retried like a reset")
    func malformedEventIsRetried() async throws {
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                headers: [("Content-Type", "text/event-stream")],
                body: Array("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\n\n".utf8)
            ),
            FakeProviderResponse(headers: [("Content-Type", "text/event-stream")], body: Array(Self.done.utf8)),
        ])
        defer { Task { try await server.shutdown() } }
        let clock = ManualClock()
        let client = TestProviders.make(
            "openai",
            baseURL: server.baseURL,
            retryPolicy: RetryPolicy(maxRetries: 2),
            clock: clock
        )
        let (result, waits) = try await clock.skippingSleeps { await TestProviders.collectStream(client, Self.hi) }
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(result.response.text == "ok")
        #expect(server.requests.count == 2)
        #expect(waits.count == 1)
    }

    @Test("a malformed NDJSON line is retried; when the retries run out it is reported")
    func malformedLineIsRetried() async throws {
        let line = #"{"model":"m","message":{"role":"assistant","content":"ok"},"done":true,"done_reason":"stop"}"#
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(headers: [("Content-Type", "application/x-ndjson")], body: Array("{oops\n".utf8)),
            FakeProviderResponse(headers: [("Content-Type", "application/x-ndjson")], body: Array((line + "\n").utf8)),
        ])
        defer { Task { try await server.shutdown() } }
        let clock = ManualClock()
        let client = TestProviders.make(
            "ollama",
            baseURL: server.baseURL,
            retryPolicy: RetryPolicy(maxRetries: 2),
            clock: clock
        )
        let (result, _) = try await clock.skippingSleeps { await TestProviders.collectStream(client, Self.hi) }
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(result.response.text == "ok")

        server.enqueue(
            FakeProviderResponse(headers: [("Content-Type", "application/x-ndjson")], body: Array("{oops\n".utf8))
        )
        let (failed, waits) = try await clock.skippingSleeps { await TestProviders.collectStream(client, Self.hi) }
        #expect(failed.error?.kind == .decoding)
        #expect(waits.count == 2)
        #expect(server.requests.count == 5)
    }

    @Test("a refused connection fails the attempt at once and says where it tried")
    func connectionRefused() async throws {
        let closed = try await FakeProviderServer.start(responses: [])
        let baseURL = closed.baseURL + "/v1"
        try await closed.shutdown()
        let clock = ManualClock()
        let client = OpenAICompatibleProvider(
            configuration: .init(
                name: "openai",
                baseURL: baseURL,
                retryPolicy: RetryPolicy(maxRetries: 2),
                clock: clock
            )
        )
        let (result, waits) = try await clock.skippingSleeps { await TestProviders.collectComplete(client, Self.hi) }
        #expect(result.error?.kind == .transport)
        #expect(
            result.error?.message == "Cannot reach openai at \(baseURL): connection refused",
            "\(String(describing: result.error))"
        )
        #expect(waits.count == 2, "retried with the usual backoff")
    }
}
