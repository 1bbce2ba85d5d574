//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import Synchronization

/// What every provider does around its HTTP calls: deadlines, idle timeouts, error mapping,
/// retries and the bridge from a body to an `AsyncThrowingStream`.
///
/// Each attempt has one deadline for its response head (connect + first byte), then one watchdog
/// for its body (idle and total timeouts, see ``ProviderTimeouts``), all on the clock.
struct ProviderHTTPEngine: Sendable {
    var provider: String
    /// The base URL the provider was configured with, named when it cannot be reached.
    var baseURL: String
    var transport: any HTTPTransport
    var timeouts: ProviderTimeouts
    var retryPolicy: RetryPolicy
    /// Where deadlines and retry waits are measured.
    var clock: any AI2AIClock
    /// Values that must never appear in an error message (API keys).
    var secrets: [String]
    var logger: Logger
    /// The largest complete or error body read (complete answers are small; 16 MiB).
    var maxBodyBytes = 16 * 1024 * 1024

    /// An engine for one provider client; the API key (if any) is kept out of every error message.
    init(
        provider: String,
        baseURL: String,
        apiKey: String?,
        timeouts: ProviderTimeouts,
        retryPolicy: RetryPolicy,
        clock: any AI2AIClock,
        transport: any HTTPTransport,
        logger: Logger
    ) {
        self.provider = provider
        self.baseURL = baseURL
        self.transport = transport
        self.timeouts = timeouts
        self.retryPolicy = retryPolicy
        self.clock = clock
        self.secrets = apiKey.map { [$0] } ?? []
        self.logger = logger
    }

    /// Sends a request and decodes the whole answer, with retries.
    func complete(
        _ request: HTTPTransportRequest,
        decode: @escaping @Sendable (ByteBuffer) throws(ProviderError) -> ModelResponse
    ) async throws(ProviderError) -> ModelResponse {
        try await withRetries(delivered: DeliveryFlag(), onRetry: nil) {
            let deadline = self.clock.now.adding(self.timeouts.total)
            let response = try await self.open(request, deadline: deadline)
            let body = try await withBodyTimeouts(self.limits(deadline), clock: self.clock, provider: self.provider) {
                progress in
                try await self.collect(response.body, progress: progress)
            }
            do throws(ProviderError) {
                return try decode(body)
            } catch {
                throw error.answering(response)
            }
        }
    }

    /// Sends a request and streams its decoded events, with retries until content arrives. The
    /// request starts when iteration starts.
    func stream<Decoder: ModelStreamDecoder>(
        _ request: HTTPTransportRequest,
        decoder: Decoder
    ) -> AsyncThrowingStream<ModelStreamEvent, any Error> {
        LazyEventStream.stream { self.startStream(request, decoder: decoder) }
    }

    /// Builds a request and streams it; a request that cannot be built ends the stream with that error.
    func stream<Decoder: ModelStreamDecoder>(
        building request: () throws(ProviderError) -> HTTPTransportRequest,
        decoder: Decoder
    ) -> AsyncThrowingStream<ModelStreamEvent, any Error> {
        do {
            return stream(try request(), decoder: decoder)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
    }

    /// Starts the request at once, in a task the returned stream owns.
    private func startStream<Decoder: ModelStreamDecoder>(
        _ request: HTTPTransportRequest,
        decoder: Decoder
    ) -> AsyncThrowingStream<ModelStreamEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ModelStreamEvent, any Error>.makeStream()
        let task = Task {
            let delivered = DeliveryFlag()
            let announce: (Int, Duration, ProviderError) -> Void = { attempt, wait, failure in
                continuation.yield(.retrying(attempt: attempt, wait: wait, reason: failure.description))
            }
            do {
                try await withRetries(delivered: delivered, onRetry: announce) {
                    let deadline = self.clock.now.adding(self.timeouts.total)
                    let response = try await self.open(request, deadline: deadline)
                    try await withBodyTimeouts(self.limits(deadline), clock: self.clock, provider: self.provider) {
                        progress in
                        try await self.pump(
                            response,
                            decoder: decoder,
                            progress: progress,
                            delivered: delivered,
                            to: continuation
                        )
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    // MARK: - Steps

    /// The body limits of an attempt that must end by `deadline`.
    private func limits(_ deadline: Date) -> BodyLimits {
        BodyLimits(idle: timeouts.idle, deadline: deadline, total: timeouts.total)
    }

    /// Sends the request and returns a 2xx response; an error status becomes a failure.
    ///
    /// The head must arrive within the connect and first-byte timeouts (and the attempt's total
    /// deadline), measured on the clock; the transport gets the same span as a deadline of its own.
    private func open(_ request: HTTPTransportRequest, deadline: Date) async throws -> HTTPTransportResponse {
        logger.debug(
            "Sending provider request",
            metadata: ["provider.name": "\(provider)", "http.url": "\(request.url)"]
        )
        let headTimeout = min(timeouts.connect + timeouts.firstByte, timeouts.total)
        let transportDeadline = ContinuousClock.now.advanced(by: headTimeout)
        let provider = provider
        let response: HTTPTransportResponse
        do {
            response = try await withDeadline(
                min(clock.now.adding(headTimeout), deadline),
                clock: clock,
                timeout: {
                    ProviderError(
                        .timeout,
                        message: "No answer within \(headTimeout) (connect and first-byte timeouts)",
                        provider: provider
                    )
                },
                { [transport] in try await transport.send(request, deadline: transportDeadline) }
            )
        } catch {
            throw ProviderError.transport(error, provider: provider, baseURL: baseURL)
        }
        guard (200..<300).contains(response.status) else {
            let body =
                (try? await withBodyTimeouts(limits(deadline), clock: clock, provider: provider) { progress in
                    try await self.collect(response.body, progress: progress, limit: 64 * 1024, truncate: true)
                }) ?? ByteBuffer()
            let error = ProviderError.http(
                status: response.status,
                headers: response.headers,
                body: body,
                provider: provider,
                now: clock.now
            )
            throw AttemptFailure.http(
                error.redacting(secrets),
                shouldRetry: response.headers.first(name: "x-should-retry")
            )
        }
        return response
    }

    /// Reads a whole body (every chunk is progress); past `limit` bytes it fails, or keeps only
    /// the first `limit` bytes when `truncate` is set (error bodies).
    private func collect(
        _ body: HTTPTransportBody,
        progress: @Sendable () -> Void,
        limit: Int? = nil,
        truncate: Bool = false
    ) async throws -> ByteBuffer {
        var all = ByteBuffer()
        let limit = limit ?? maxBodyBytes
        for try await var chunk in body {
            progress()
            let room = limit - all.readableBytes
            if chunk.readableBytes > room {
                guard truncate else {
                    throw ProviderError(
                        .decoding,
                        message: "The answer is larger than \(limit) bytes",
                        provider: provider
                    )
                }
                if room > 0, var slice = chunk.readSlice(length: room) { all.writeBuffer(&slice) }
                continue
            }
            all.writeBuffer(&chunk)
        }
        return all
    }

    /// Decodes a streamed body into the continuation. Only decoded events are progress: a chunk
    /// of comments or keep-alives leaves the idle timer running.
    private func pump<Decoder: ModelStreamDecoder>(
        _ response: HTTPTransportResponse,
        decoder: Decoder,
        progress: @Sendable () -> Void,
        delivered: DeliveryFlag,
        to continuation: AsyncThrowingStream<ModelStreamEvent, any Error>.Continuation
    ) async throws {
        var decoder = decoder
        var events: [ModelStreamEvent] = []
        func flush() {
            if !events.isEmpty { progress() }
            for event in events {
                if event.isContent { delivered.set() }
                continuation.yield(event)
            }
            events.removeAll(keepingCapacity: true)
        }
        do {
            for try await chunk in response.body {
                try decoder.feed(chunk, into: &events)
                flush()
            }
        } catch let error as ProviderError {
            flush()
            throw attemptFailure(decoding: error, of: response, delivered: delivered)
        } catch {
            // The connection failed mid-body: report it as interrupted once content was delivered.
            flush()
            var failure = ProviderError.transport(error, provider: provider)
            if delivered.isSet, failure.kind == .transport {
                failure = ProviderError(.streamInterrupted, message: failure.message, provider: provider)
            }
            throw failure
        }
        do {
            try decoder.finish(into: &events)
            flush()
        } catch {
            flush()
            throw attemptFailure(decoding: error, of: response, delivered: delivered)
        }
    }

    /// How an error of the stream's decoder ends the attempt. A malformed event (`.decoding`) is a
    /// fault of this attempt, like a cut connection: retried while nothing was delivered, and
    /// reported as an interrupted stream after content. Errors the stream reports (an error event)
    /// are the provider's answer and end the call.
    private func attemptFailure(
        decoding error: ProviderError,
        of response: HTTPTransportResponse,
        delivered: DeliveryFlag
    ) -> any Error {
        let error = error.redacting(secrets).answering(response)
        guard error.kind == .decoding else { return AttemptFailure.final(error) }
        guard !delivered.isSet else {
            return ProviderError(.streamInterrupted, message: error.message, provider: provider)
        }
        return AttemptFailure.malformed(error)
    }

    /// Runs `attempt` until it succeeds, retrying as ``RetryPolicy`` says while nothing was
    /// delivered; `onRetry` hears of each retry (the failed attempt's number, the wait, the error)
    /// before its wait.
    private func withRetries<Result: Sendable>(
        delivered: DeliveryFlag,
        onRetry: ((Int, Duration, ProviderError) -> Void)?,
        _ attempt: @Sendable () async throws -> Result
    ) async throws(ProviderError) -> Result {
        var retry = 0
        Counter(label: "ai2ai_provider_requests_total", dimensions: [("provider", provider)]).increment()
        while true {
            do {
                return try await attempt()
            } catch {
                let (failure, shouldRetry, retryable) = Self.classify(error, provider: provider)
                Counter(
                    label: "ai2ai_provider_errors_total",
                    dimensions: [("provider", provider), ("kind", failure.kind.description)]
                ).increment()
                if Task.isCancelled {
                    throw ProviderError(.cancelled, message: "The request was cancelled", provider: provider)
                }
                guard retryable, !delivered.isSet,
                    let delay = retryPolicy.delay(forRetry: retry, after: failure, shouldRetryHeader: shouldRetry)
                else { throw failure }
                Counter(label: "ai2ai_provider_retries_total", dimensions: [("provider", provider)]).increment()
                logger.notice(
                    "Retrying provider request",
                    metadata: [
                        "provider.name": "\(provider)", "retry.attempt": "\(retry + 1)",
                        "retry.delay": "\(delay)", "error.kind": "\(failure.kind)", "error": "\(failure)",
                    ]
                )
                retry += 1
                onRetry?(retry, delay, failure)
                do {
                    try await clock.sleep(for: delay)
                } catch {
                    throw ProviderError(.cancelled, message: "The request was cancelled", provider: provider)
                }
            }
        }
    }

    private static func classify(_ error: any Error, provider: String) -> (ProviderError, String?, Bool) {
        switch error {
        case AttemptFailure.http(let failure, let shouldRetry): (failure, shouldRetry, true)
        // A malformed event has no status to judge it by: retry it as a reset would be.
        case AttemptFailure.malformed(let failure): (failure, "true", true)
        case AttemptFailure.final(let failure): (failure, nil, false)
        default: (ProviderError.transport(error, provider: provider), nil, true)
        }
    }
}

extension ProviderError {
    /// The error found in a successful answer's body, with the answer's request id.
    fileprivate func answering(_ response: HTTPTransportResponse) -> ProviderError {
        var copy = self
        copy.requestID = requestID ?? Self.requestID(headers: response.headers)
        return copy
    }
}

/// How an attempt failed, for the retry decision.
private enum AttemptFailure: Error {
    /// An HTTP error status, with the server's `x-should-retry` header.
    case http(ProviderError, shouldRetry: String?)
    /// A malformed event in a stream, before any content: retried.
    case malformed(ProviderError)
    /// A failure that is never retried (an error event in a stream, a malformed body).
    case final(ProviderError)
}

/// Whether a stream has delivered content (after which it is never retried).
final class DeliveryFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

extension ModelStreamEvent {
    /// Whether the event carries part of the answer (text, refusal or a tool call).
    var isContent: Bool {
        switch self {
        case .textDelta, .refusalDelta, .toolCallStarted, .toolCallArgumentsDelta, .toolCallCompleted: true
        case .metadata, .usage, .finish, .retrying: false
        }
    }
}
