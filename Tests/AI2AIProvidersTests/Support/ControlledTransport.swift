//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import NIOCore
import NIOHTTP1
import Synchronization

/// An ``HTTPTransport`` that answers every request with 200 and a body the test writes chunk by
/// chunk, knowing when the client has handled each chunk: for timing tests on a manual clock.
final class ControlledTransport: HTTPTransport {
    private struct State {
        var bodies: [ControlledBody] = []
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())
    let contentType: String

    init(contentType: String = "text/event-stream") {
        self.contentType = contentType
    }

    func send(_ request: HTTPTransportRequest, deadline: ContinuousClock.Instant) async throws -> HTTPTransportResponse
    {
        let body = ControlledBody()
        let ready = state.withLock { state in
            state.bodies.append(body)
            let count = state.bodies.count
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            return ready
        }
        for waiter in ready { waiter.resume() }
        return HTTPTransportResponse(
            status: 200,
            headers: ["Content-Type": contentType],
            body: HTTPTransportBody(ControlledBody.Chunks(body: body))
        )
    }

    /// How many requests were sent.
    var requestCount: Int { state.withLock { $0.bodies.count } }

    /// The body of the `number`th request (1-based), once that request is sent.
    func body(_ number: Int) async -> ControlledBody {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state in
                if state.bodies.count >= number { return true }
                state.waiters.append((number, continuation))
                return false
            }
            if now { continuation.resume() }
        }
        return state.withLock { $0.bodies[number - 1] }
    }
}

/// A response body written by the test: ``deliver(_:)`` hands the reader one chunk and returns
/// once the reader asks for the next one, that is once the client has handled the chunk.
final class ControlledBody: Sendable {
    private struct State {
        var reader: CheckedContinuation<ByteBuffer?, any Error>?
        var reads = 0
        var cancelled = false
        var waiters: [(reads: Int, continuation: CheckedContinuation<Void, Never>)] = []

        mutating func readyWaiters() -> [CheckedContinuation<Void, Never>] {
            let reads = self.reads
            let ready = waiters.filter { $0.reads <= reads }.map(\.continuation)
            waiters.removeAll { $0.reads <= reads }
            return ready
        }
    }

    private let state = Mutex(State())

    /// Reads the next chunk; the test's ``deliver(_:)`` provides it.
    func next() async throws -> ByteBuffer? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ByteBuffer?, any Error>) in
                let (cancelled, ready) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                    if state.cancelled { return (true, []) }
                    state.reader = continuation
                    state.reads += 1
                    return (false, state.readyWaiters())
                }
                for waiter in ready { waiter.resume() }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let reader = state.withLock { state in
                state.cancelled = true
                defer { state.reader = nil }
                return state.reader
            }
            reader?.resume(throwing: CancellationError())
        }
    }

    /// Waits until the reader has asked for `count` chunks in all.
    func waitForReads(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state in
                if state.reads >= count { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Gives the reader `text` and returns once the client has handled it (asked for more).
    func deliver(_ text: String) async {
        let reads = state.withLock { $0.reads }
        await waitForReads(max(reads, 1))
        let (reader, number) = state.withLock { state in
            defer { state.reader = nil }
            return (state.reader, state.reads)
        }
        reader?.resume(returning: ByteBuffer(string: text))
        await waitForReads(number + 1)
    }

    /// Ends the body.
    func end() async {
        await waitForReads(max(state.withLock { $0.reads }, 1))
        let reader = state.withLock { state in
            defer { state.reader = nil }
            return state.reader
        }
        reader?.resume(returning: nil)
    }

    /// The body as the chunks of an `AsyncSequence`.
    struct Chunks: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let body: ControlledBody

        func makeAsyncIterator() -> Iterator { Iterator(body: body) }

        struct Iterator: AsyncIteratorProtocol {
            let body: ControlledBody
            mutating func next() async throws -> ByteBuffer? { try await body.next() }
        }
    }
}
