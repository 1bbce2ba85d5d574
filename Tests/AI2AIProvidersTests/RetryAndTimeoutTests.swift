//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIProviders
import AI2AITesting
import Foundation
import Testing

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
        let clock = ManualClock()
        let client = TestProviders.make(
            "openai",
            baseURL: server.baseURL,
            retryPolicy: RetryPolicy(maxRetries: 2),
            clock: clock
        )
        let (answer, waits) = try await clock.skippingSleeps { try await client.complete(Self.hi) }
        #expect(answer.text == "ok")
        #expect(server.requests.count == 2)
        #expect(waits == [.milliseconds(25)])
    }

    @Test("a Retry-After date is measured on the provider's clock")
    func retryAfterDate() async throws {
        let clock = ManualClock()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let inAMinute = formatter.string(from: clock.now.adding(.seconds(60)))
        let server = try await FakeProviderServer.start(responses: [
            .json(status: 503, #"{"error":{"message":"later"}}"#, headers: [("Retry-After", inAMinute)]),
            .json(Self.okBody),
        ])
        defer { Task { try await server.shutdown() } }
        let client = TestProviders.make(
            "openai",
            baseURL: server.baseURL,
            retryPolicy: RetryPolicy(maxRetries: 1),
            timeouts: ProviderTimeouts(connect: .seconds(30), firstByte: .seconds(120), idle: .seconds(120)),
            clock: clock
        )
        let (answer, waits) = try await clock.skippingSleeps(within: .seconds(61)) {
            try await client.complete(Self.hi)
        }
        #expect(answer.text == "ok")
        #expect(waits == [.seconds(60)])
    }

    @Test("retryable statuses are retried up to the limit with backoff", arguments: [408, 409, 429, 500, 503, 529])
    func retryLimit(status: Int) async throws {
        let server = try await FakeProviderServer.start(responses: [
            .json(status: status, #"{"error":{"message":"busy"}}"#)
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
        #expect(result.error?.status == status)
        #expect(server.requests.count == 3)
        #expect(waits.count == 2)
        if let first = waits.first, let second = waits.last {
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
        let clock = ManualClock()
        let client = TestProviders.make(
            "openai",
            baseURL: server.baseURL,
            retryPolicy: RetryPolicy(maxRetries: 2),
            clock: clock
        )
        _ = try await clock.skippingSleeps { await TestProviders.collectComplete(client, Self.hi) }
        #expect(server.requests.count == 1)

        server.enqueue(
            .json(status: 400, #"{"error":{"message":"bad"}}"#, headers: [("x-should-retry", "true")]),
            .json(Self.okBody)
        )
        let (answer, _) = try await clock.skippingSleeps { try await client.complete(Self.hi) }
        #expect(answer.text == "ok")
        #expect(server.requests.count == 3)

        server.enqueue(.json(status: 500, #"{"error":{"message":"no"}}"#, headers: [("x-should-retry", "false")]))
        let (result, waits) = try await clock.skippingSleeps { await TestProviders.collectComplete(client, Self.hi) }
        #expect(result.error?.kind == .server)
        #expect(server.requests.count == 4)
        #expect(waits.isEmpty)
    }

    @Test("a server asking to wait more than 120 s is not retried")
    func longRetryAfter() async throws {
        let server = try await FakeProviderServer.start(responses: [
            .json(status: 429, #"{"error":{"message":"later"}}"#, headers: [("Retry-After", "600")])
        ])
        defer { Task { try await server.shutdown() } }
        let clock = ManualClock()
        let client = TestProviders.make(
            "openai",
            baseURL: server.baseURL,
            retryPolicy: RetryPolicy(maxRetries: 2),
            clock: clock
        )
        let (result, waits) = try await clock.skippingSleeps { await TestProviders.collectComplete(client, Self.hi) }
        #expect(result.error?.kind == .rateLimited)
        #expect(result.error?.retryAfter == .seconds(600))
        #expect(server.requests.count == 1)
        #expect(waits.isEmpty)
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
        let reset = FakeProviderResponse(
            headers: [("Content-Type", "application/json")],
            body: Array(Self.okBody.utf8),
            resetAfter: 5
        )
        let server = try await FakeProviderServer.start(responses: [reset])
        defer { Task { try await server.shutdown() } }
        let failing = TestProviders.make("openai", baseURL: server.baseURL)
        let first =
            stream
            ? await TestProviders.collectStream(failing, Self.hi)
            : await TestProviders.collectComplete(failing, Self.hi)
        #expect(first.error?.kind == .transport)

        server.enqueue(reset, .json(Self.okBody))
        let clock = ManualClock()
        let retrying = TestProviders.make(
            "openai",
            baseURL: server.baseURL,
            retryPolicy: RetryPolicy(maxRetries: 2),
            clock: clock
        )
        let (answer, waits) = try await clock.skippingSleeps { try await retrying.complete(Self.hi) }
        #expect(answer.text == "ok")
        #expect(waits.count == 1)
        #expect(server.requests.count == 3)
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
        let clock = ManualClock()
        let client = TestProviders.make(
            "openai",
            baseURL: server.baseURL,
            retryPolicy: RetryPolicy(maxRetries: 2),
            clock: clock
        )
        let (result, waits) = try await clock.skippingSleeps { await TestProviders.collectStream(client, Self.hi) }
        #expect(result.textDeltas == ["Hello"])
        #expect(result.error?.kind == .streamInterrupted || result.error?.kind == .transport)
        #expect(server.requests.count == 1)
        #expect(waits.isEmpty)
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
        let clock = ManualClock()
        let client = TestProviders.make(
            "openai",
            baseURL: server.baseURL,
            retryPolicy: RetryPolicy(maxRetries: 2),
            timeouts: ProviderTimeouts(connect: .seconds(30), firstByte: .seconds(30), idle: .seconds(120)),
            clock: clock
        )
        var texts: [String] = []
        var failure: ProviderError?
        do {
            for try await event in client.stream(Self.hi) {
                guard case .textDelta(let text) = event else { continue }
                texts.append(text)
                // The text proves the head and the first event arrived: what follows is the idle gap.
                let watchdog = try #require(await clock.waitForSleeper(dueWithin: .seconds(120)))
                clock.advance(by: .seconds(119))
                #expect(clock.sleepers.contains(watchdog), "still waiting a second before the timeout")
                clock.advance(by: .seconds(1))
            }
        } catch let error as ProviderError {
            failure = error
        }
        #expect(texts == ["Hello"])
        #expect(failure?.kind == .timeout)
        #expect(failure?.message.contains("idle") == true)
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
        let clock = ManualClock()
        let client = TestProviders.make(
            "openai",
            baseURL: server.baseURL,
            retryPolicy: RetryPolicy(maxRetries: 2),
            timeouts: ProviderTimeouts(connect: .seconds(30), firstByte: .seconds(30), idle: .seconds(5)),
            clock: clock
        )
        let call = Task { await TestProviders.collectStream(client, Self.hi) }
        // The head arrived (the connect and first-byte watchdog is gone); the body never comes.
        let idle = try #require(await clock.waitForSleeper(dueWithin: .seconds(5)))
        clock.advance(to: idle.deadline)
        let backoff = try #require(await clock.waitForSleeper(dueWithin: .seconds(1)))
        clock.advance(to: backoff.deadline)
        let result = await call.value
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
        let unused = client.stream(Self.hi)
        for try await event in client.stream(Self.hi) {
            if case .textDelta = event { break }
        }
        // A whole request went out and came back meanwhile; the stream never iterated sent nothing.
        #expect(server.requests.count == 1)
        _ = consume unused
        await server.waitForClosedConnections(1)
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
        let client = TestProviders.make("openai", baseURL: server.baseURL, retryPolicy: RetryPolicy(maxRetries: 2))
        let task = Task { await TestProviders.collectComplete(client, Self.hi) }
        await server.waitForRequests(1)
        task.cancel()
        let result = await task.value
        #expect(result.error?.kind == .cancelled)
        #expect(server.requests.count == 1)
        await server.waitForClosedConnections(1)
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
        await server.waitForRequests(1)
        task.cancel()
        let result = await task.value
        #expect(result.textDeltas.isEmpty)
        #expect(result.error == nil || result.error?.kind == .cancelled)
        // The request was cancelled: its connection closes.
        await server.waitForClosedConnections(1)
        #expect(server.closedConnections == 1)
    }
}
