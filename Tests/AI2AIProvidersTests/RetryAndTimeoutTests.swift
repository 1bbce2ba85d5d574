//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import AI2AITesting
import Synchronization
import Testing

/// Records the waits a RetryPolicy asks for, without waiting.
final class SleepRecorder: Sendable {
    private let delays = Mutex<[Duration]>([])
    var recorded: [Duration] { delays.withLock { $0 } }

    func policy(maxRetries: Int = 2) -> RetryPolicy {
        RetryPolicy(maxRetries: maxRetries) { delay in self.delays.withLock { $0.append(delay) } }
    }
}

@Suite("Retries and timeouts")
struct RetryAndTimeoutTests {
    static let okBody = #"{"choices":[{"index":0,"message":{"content":"ok"},"finish_reason":"stop"}]}"#
    static let hi = ModelRequest(model: "m", messages: [.user("Hi")])

    @Test("a 429 followed by success is retried after the server's wait")
    func rateLimitThenSuccess() async throws {
        let server = try await FakeProviderServer.start(responses: [
            .json(status: 429, #"{"error":{"message":"slow down"}}"#, headers: [("retry-after-ms", "25")]),
            .json(Self.okBody),
        ])
        defer { Task { try await server.shutdown() } }
        let sleeps = SleepRecorder()
        let client = TestProviders.make("openai", baseURL: server.baseURL, retryPolicy: sleeps.policy())
        let answer = try await client.complete(Self.hi)
        #expect(answer.text == "ok")
        #expect(server.requests.count == 2)
        #expect(sleeps.recorded == [.milliseconds(25)])
    }

    @Test("retryable statuses are retried up to the limit with backoff", arguments: [408, 409, 429, 500, 503, 529])
    func retryLimit(status: Int) async throws {
        let server = try await FakeProviderServer.start(responses: [
            .json(status: status, #"{"error":{"message":"busy"}}"#)
        ])
        defer { Task { try await server.shutdown() } }
        let sleeps = SleepRecorder()
        let client = TestProviders.make("openai", baseURL: server.baseURL, retryPolicy: sleeps.policy(maxRetries: 2))
        let result = await TestProviders.collectStream(client, Self.hi)
        #expect(result.error?.status == status)
        #expect(server.requests.count == 3)
        #expect(sleeps.recorded.count == 2)
        if let first = sleeps.recorded.first, let second = sleeps.recorded.last {
            #expect(first >= .milliseconds(375) && first <= .milliseconds(500))
            #expect(second >= .milliseconds(750) && second <= .seconds(1))
        }
    }

    @Test("client errors are not retried; x-should-retry overrides the status")
    func shouldRetryHeader() async throws {
        let server = try await FakeProviderServer.start(responses: [
            .json(status: 400, #"{"error":{"message":"bad"}}"#)
        ])
        defer { Task { try await server.shutdown() } }
        let sleeps = SleepRecorder()
        _ = await TestProviders.collectComplete(
            TestProviders.make("openai", baseURL: server.baseURL, retryPolicy: sleeps.policy()),
            Self.hi
        )
        #expect(server.requests.count == 1)

        server.enqueue(
            .json(status: 400, #"{"error":{"message":"bad"}}"#, headers: [("x-should-retry", "true")]),
            .json(Self.okBody)
        )
        let answer = try await TestProviders.make("openai", baseURL: server.baseURL, retryPolicy: sleeps.policy())
            .complete(Self.hi)
        #expect(answer.text == "ok")
        #expect(server.requests.count == 3)

        server.enqueue(.json(status: 500, #"{"error":{"message":"no"}}"#, headers: [("x-should-retry", "false")]))
        let result = await TestProviders.collectComplete(
            TestProviders.make("openai", baseURL: server.baseURL, retryPolicy: sleeps.policy()),
            Self.hi
        )
        #expect(result.error?.kind == .server)
        #expect(server.requests.count == 4)
    }

    @Test("a server asking to wait more than 120 s is not retried")
    func longRetryAfter() async throws {
        let server = try await FakeProviderServer.start(responses: [
            .json(status: 429, #"{"error":{"message":"later"}}"#, headers: [("Retry-After", "600")])
        ])
        defer { Task { try await server.shutdown() } }
        let result = await TestProviders.collectComplete(
            TestProviders.make("openai", baseURL: server.baseURL, retryPolicy: SleepRecorder().policy()),
            Self.hi
        )
        #expect(result.error?.kind == .rateLimited)
        #expect(result.error?.retryAfter == .seconds(600))
        #expect(server.requests.count == 1)
    }

    @Test("backoff doubles from 0.5 s up to 8 s, reduced by at most 25 % jitter")
    func backoff() {
        let policy = RetryPolicy(maxRetries: 10)
        #expect((0..<7).map { policy.backoff(forRetry: $0) } == [0.5, 1, 2, 4, 8, 8, 8].map { Duration.seconds($0) })
        let error = ProviderError(.server, status: 500, message: "x")
        for retry in 0..<6 {
            let delay = policy.delay(forRetry: retry, after: error)
            let base = policy.backoff(forRetry: retry)
            #expect(delay.map { $0 <= base && $0 >= base * 0.75 } == true)
        }
        #expect(policy.delay(forRetry: 10, after: error) == nil)
        #expect(policy.delay(forRetry: 0, after: ProviderError(.badRequest, status: 400, message: "x")) == nil)
        #expect(policy.delay(forRetry: 0, after: ProviderError(.transport, message: "reset")) != nil)
        #expect(policy.delay(forRetry: 0, after: ProviderError(.decoding, message: "x")) == nil)
    }

    @Test("a reset connection is a transport error and is retried", arguments: [false, true])
    func resetConnection(stream: Bool) async throws {
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                headers: [("Content-Type", "application/json")],
                body: Array(Self.okBody.utf8),
                resetAfter: 5
            ),
            .json(Self.okBody),
        ])
        defer { Task { try await server.shutdown() } }
        let failing = TestProviders.make("openai", baseURL: server.baseURL)
        let first =
            stream
            ? await TestProviders.collectStream(failing, Self.hi)
            : await TestProviders.collectComplete(failing, Self.hi)
        #expect(first.error?.kind == .transport)

        server.enqueue(
            FakeProviderResponse(
                headers: [("Content-Type", "application/json")],
                body: Array(Self.okBody.utf8),
                resetAfter: 5
            ),
            .json(Self.okBody)
        )
        let answer = try await TestProviders.make(
            "openai",
            baseURL: server.baseURL,
            retryPolicy: SleepRecorder().policy()
        ).complete(Self.hi)
        #expect(answer.text == "ok")
    }

    @Test("no retry once a stream delivered content; the cut is reported")
    func noRetryAfterContent() async throws {
        let body = Array(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" world\"}}]}\n\n"
                .utf8
        )
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                headers: [("Content-Type", "text/event-stream")],
                body: body,
                chunking: .pieces(of: 64),
                resetAfter: 70
            )
        ])
        defer { Task { try await server.shutdown() } }
        let sleeps = SleepRecorder()
        let result = await TestProviders.collectStream(
            TestProviders.make("openai", baseURL: server.baseURL, retryPolicy: sleeps.policy()),
            Self.hi
        )
        #expect(result.textDeltas == ["Hello"])
        #expect(result.error?.kind == .streamInterrupted || result.error?.kind == .transport)
        #expect(server.requests.count == 1)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("a stalled stream fails with an idle timeout and is not retried after content")
    func stalledStream() async throws {
        let body = Array(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}\n\ndata: [DONE]\n\n".utf8
        )
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(headers: [("Content-Type", "text/event-stream")], body: body, stallAfter: 62)
        ])
        defer { Task { try await server.shutdown() } }
        let client = TestProviders.make(
            "openai",
            baseURL: server.baseURL,
            retryPolicy: SleepRecorder().policy(),
            timeouts: ProviderTimeouts(connect: .seconds(30), firstByte: .seconds(30), idle: .milliseconds(300))
        )
        let result = await TestProviders.collectStream(client, Self.hi)
        // The text proves the head and the first event arrived: the failure is the idle gap.
        #expect(result.textDeltas == ["Hello"])
        #expect(result.error?.kind == .timeout)
        #expect(result.error?.message.contains("idle") == true)
        #expect(server.requests.count == 1)
    }

    @Test("a stream stalled before any content is retried")
    func stalledBeforeContent() async throws {
        let done =
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                headers: [("Content-Type", "text/event-stream")],
                body: Array(done.utf8),
                stallAfter: 0
            ),
            FakeProviderResponse(headers: [("Content-Type", "text/event-stream")], body: Array(done.utf8)),
        ])
        defer { Task { try await server.shutdown() } }
        let client = TestProviders.make(
            "openai",
            baseURL: server.baseURL,
            retryPolicy: SleepRecorder().policy(),
            timeouts: ProviderTimeouts(connect: .seconds(30), firstByte: .seconds(30), idle: .milliseconds(300))
        )
        let result = await TestProviders.collectStream(client, Self.hi)
        #expect(result.error == nil)
        #expect(result.response.text == "ok")
        #expect(server.requests.count == 2)
    }

    @Test("a transport with its own client works and shuts down")
    func ownedTransport() async throws {
        let server = try await FakeProviderServer.start(responses: [.json(Self.okBody)])
        defer { Task { try await server.shutdown() } }
        let transport = AsyncHTTPClientTransport(connectTimeout: .seconds(2))
        let provider = OpenAICompatibleProvider(
            configuration: .compatible(baseURL: server.baseURL),
            transport: transport
        )
        let answer = try await provider.complete(Self.hi)
        #expect(answer.text == "ok")
        try await transport.shutdown()
        let afterShutdown = await TestProviders.collectComplete(provider, Self.hi)
        #expect(afterShutdown.error?.kind == .transport)
    }

    @Test("the request starts when iteration starts; leaving the loop cancels it")
    func lazyStartAndEarlyExit() async throws {
        let body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}\n\n"
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                headers: [("Content-Type", "text/event-stream")],
                body: Array(body.utf8),
                stallAfter: body.utf8.count
            )
        ])
        defer { Task { try await server.shutdown() } }
        let client = TestProviders.make("openai", baseURL: server.baseURL)
        do {
            let unused = client.stream(Self.hi)
            try await Task.sleep(for: .milliseconds(300))
            #expect(server.requests.isEmpty)
            _ = consume unused
        }
        for try await event in client.stream(Self.hi) {
            if case .textDelta = event { break }
        }
        #expect(server.requests.count == 1)
        var waited = 0
        while server.closedConnections == 0, waited < 100 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        #expect(server.closedConnections == 1)
    }

    @Test("cancelling a complete call cancels its request")
    func cancelComplete() async throws {
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                headers: [("Content-Type", "application/json")],
                body: Array(Self.okBody.utf8),
                stallAfter: 3
            )
        ])
        defer { Task { try await server.shutdown() } }
        let client = TestProviders.make("openai", baseURL: server.baseURL, retryPolicy: SleepRecorder().policy())
        let task = Task { await TestProviders.collectComplete(client, Self.hi) }
        var polls = 0
        while server.requests.isEmpty, polls < 300 {
            try await Task.sleep(for: .milliseconds(50))
            polls += 1
        }
        task.cancel()
        let result = await task.value
        #expect(result.error?.kind == .cancelled)
        #expect(server.requests.count == 1)
        var waited = 0
        while server.closedConnections == 0, waited < 100 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        #expect(server.closedConnections == 1)
    }

    @Test("cancelling the consuming task ends a stalled stream promptly")
    func cancellation() async throws {
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                headers: [("Content-Type", "text/event-stream")],
                body: Array(": waiting\n\n".utf8),
                stallAfter: 11
            )
        ])
        defer { Task { try await server.shutdown() } }
        let client = TestProviders.make("openai", baseURL: server.baseURL)
        let task = Task { await TestProviders.collectStream(client, Self.hi) }
        var polls = 0
        while server.requests.isEmpty, polls < 300 {
            try await Task.sleep(for: .milliseconds(50))
            polls += 1
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        let clock = ContinuousClock()
        let start = clock.now
        let result = await task.value
        #expect(clock.now - start < .seconds(10))
        #expect(result.textDeltas.isEmpty)
        #expect(result.error == nil || result.error?.kind == .cancelled)
        // The request was cancelled: its connection closes.
        var waited = 0
        while server.closedConnections == 0, waited < 100 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        #expect(server.closedConnections == 1)
    }
}
