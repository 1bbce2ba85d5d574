//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The default ``HTTPTransport``, on AsyncHTTPClient.
///
/// By default it uses `HTTPClient.shared`, which needs no shutdown. To enforce a connect
/// timeout of your own, let the transport make its client and shut it down when you are done:
///
/// ```swift
/// let transport = AsyncHTTPClientTransport(connectTimeout: .seconds(5))
/// let provider = OllamaProvider(transport: transport)
/// // ...
/// try await transport.shutdown()
/// ```
/// You can also pass a client you configured (and shut it down yourself). Cancelling the task
/// that reads a response cancels the request.
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// The client requests go through.
    public let client: HTTPClient
    private let ownsClient: Bool

    /// Creates a transport.
    /// - Parameter client: The client to use; `HTTPClient.shared` by default. The transport
    ///   never shuts it down.
    public init(client: HTTPClient = .shared) {
        self.client = client
        self.ownsClient = false
    }

    /// Creates a transport with its own client, whose connections must open within
    /// `connectTimeout`. Call ``shutdown()`` when done.
    /// - Parameter connectTimeout: The connect timeout.
    public init(connectTimeout: Duration) {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.timeout.connect = .nanoseconds(Self.nanoseconds(connectTimeout))
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.ownsClient = true
    }

    /// Shuts down the client this transport made; does nothing for a client it was given.
    public func shutdown() async throws {
        if ownsClient { try await client.shutdown() }
    }

    /// Sends a request through AsyncHTTPClient; returns when the response head arrives.
    public func send(
        _ request: HTTPTransportRequest,
        deadline: ContinuousClock.Instant
    ) async throws -> HTTPTransportResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = request.headers
        outgoing.body = .bytes(request.body)
        let remaining = ContinuousClock.now.duration(to: deadline)
        let response = try await client.execute(outgoing, timeout: .nanoseconds(Self.nanoseconds(remaining)))
        return HTTPTransportResponse(
            status: Int(response.status.code),
            headers: response.headers,
            body: HTTPTransportBody(response.body)
        )
    }

    /// A duration in nanoseconds, between 0 and about 30 years (no overflow).
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        let seconds = min(max(parts.seconds, 0), 1_000_000_000)
        return max(0, seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }
}
