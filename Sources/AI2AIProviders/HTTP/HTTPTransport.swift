//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import NIOCore
public import NIOHTTP1

/// Sends one HTTP request and returns the response head with a streaming body.
///
/// Providers talk to the network only through this protocol, so tests can use a fake and apps
/// can add another client (URLSession on Apple platforms). ``AsyncHTTPClientTransport`` is the
/// default. A transport does not retry; providers do (see ``RetryPolicy``).
public protocol HTTPTransport: Sendable {
    /// Sends a request and returns once the response head has arrived.
    /// - Parameters:
    ///   - request: The request.
    ///   - deadline: When to give up waiting for the response head (connect plus first byte).
    /// - Returns: The status, headers and body of the response; the body is read at most once.
    /// - Throws: An error when the request could not be sent or no head arrived in time.
    func send(_ request: HTTPTransportRequest, deadline: ContinuousClock.Instant) async throws -> HTTPTransportResponse
}

/// An HTTP request for an ``HTTPTransport``.
public struct HTTPTransportRequest: Sendable {
    /// The absolute URL.
    public var url: String
    /// The method (`POST` for every provider call).
    public var method: HTTPMethod
    /// The headers, including secrets such as `Authorization`: never log them.
    public var headers: HTTPHeaders
    /// The body.
    public var body: ByteBuffer

    /// Creates a request.
    public init(url: String, method: HTTPMethod = .POST, headers: HTTPHeaders = [:], body: ByteBuffer = ByteBuffer()) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}

/// The response of an ``HTTPTransport``: the head, and a body to read once.
public struct HTTPTransportResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The response headers.
    public var headers: HTTPHeaders
    /// The body, as it arrives.
    public var body: HTTPTransportBody

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders, body: HTTPTransportBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A response body: an `AsyncSequence` of byte chunks whose boundaries mean nothing.
///
/// ```swift
/// for try await chunk in response.body { decoder.feed(chunk) }
/// ```
public struct HTTPTransportBody: AsyncSequence, Sendable {
    /// A chunk of the body.
    public typealias Element = ByteBuffer

    private let makeNext: @Sendable () -> (() async throws -> ByteBuffer?)

    /// Wraps any sequence of byte chunks.
    /// - Parameter base: The chunks, for example AsyncHTTPClient's response body.
    public init<Base: AsyncSequence & Sendable>(_ base: Base) where Base.Element == ByteBuffer {
        makeNext = {
            let box = IteratorBox(base.makeAsyncIterator())
            return { try await box.next() }
        }
    }

    /// A body that is already complete.
    /// - Parameter bytes: The whole body.
    public static func bytes(_ bytes: ByteBuffer) -> HTTPTransportBody {
        HTTPTransportBody(OneChunk(chunk: bytes))
    }

    /// Starts reading the body.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(next: makeNext())
    }

    /// Reads the body chunk by chunk.
    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let next: () async throws -> ByteBuffer?

        /// The next chunk, or `nil` at the end of the body.
        public mutating func next() async throws -> ByteBuffer? {
            try await next()
        }
    }

    /// Reads the whole body.
    /// - Parameter maxBytes: The most bytes to keep; the rest is read and dropped.
    /// - Returns: The body (truncated to `maxBytes`).
    public func collect(upTo maxBytes: Int) async throws -> ByteBuffer {
        var all = ByteBuffer()
        for try await var chunk in self {
            let room = maxBytes - all.readableBytes
            if room > 0, let slice = chunk.readSlice(length: Swift.min(room, chunk.readableBytes)) {
                var slice = slice
                all.writeBuffer(&slice)
            }
        }
        return all
    }
}

private final class IteratorBox<Base: AsyncIteratorProtocol> where Base.Element == ByteBuffer {
    var base: Base
    init(_ base: Base) { self.base = base }
    func next() async throws -> ByteBuffer? { try await base.next(isolation: #isolation) }
}

private struct OneChunk: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let chunk: ByteBuffer
    func makeAsyncIterator() -> Iterator { Iterator(chunk: chunk) }
    struct Iterator: AsyncIteratorProtocol {
        var chunk: ByteBuffer?
        mutating func next() async -> ByteBuffer? {
            defer { chunk = nil }
            return chunk
        }
    }
}

/// An iterator belongs to the one task that reads the body.
@available(*, unavailable)
extension HTTPTransportBody.AsyncIterator: Sendable {}
