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
/// By default every transport shares ``sharedClient``, which needs no shutdown and is configured
/// as providers need it (see ``configuration(connectTimeout:)``): a refused or unresolvable
/// connection fails the request at once, and no read timeout cuts a stream that the provider's
/// own idle and total timeouts govern. For a connect timeout of your own, let the transport make
/// its client and shut it down when you are done:
///
/// ```swift
/// let transport = AsyncHTTPClientTransport(connectTimeout: .seconds(5))
/// let provider = OllamaProvider(transport: transport)
/// // ...
/// try await transport.shutdown()
/// ```
/// You can also pass a client you configured (and shut it down yourself); start from
/// ``configuration(connectTimeout:)``. Cancelling the task that reads a response cancels the
/// request.
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// The client requests go through.
    public let client: HTTPClient
    private let ownsClient: Bool

    /// The client of every transport made without one: ``configuration(connectTimeout:)`` with a
    /// 10 s connect timeout, on AsyncHTTPClient's shared event loop group. It lives as long as the
    /// process and is never shut down.
    public static let sharedClient = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: configuration(connectTimeout: .seconds(10))
    )

    /// The client configuration providers need.
    ///
    /// It starts from AsyncHTTPClient's `singletonConfiguration` and changes two things that made
    /// calls hang or end early with `HTTPClient.shared`: its connection pool retried a refused
    /// connection until the request's deadline (minutes), and its 90 s read timeout cut streams
    /// before the provider's documented idle timeout. Here a connection that cannot be made fails
    /// the request at once (the provider retries it with its own backoff), and there is no read
    /// timeout.
    /// - Parameter connectTimeout: How long a connection may take to open.
    /// - Returns: The configuration.
    public static func configuration(connectTimeout: Duration) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.timeout = HTTPClient.Configuration.Timeout(
            connect: .nanoseconds(nanoseconds(connectTimeout)),
            read: nil
        )
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// Creates a transport.
    /// - Parameter client: The client to use; ``sharedClient`` by default. The transport never
    ///   shuts it down.
    public init(client: HTTPClient = AsyncHTTPClientTransport.sharedClient) {
        self.client = client
        self.ownsClient = false
    }

    /// Creates a transport with its own client (``configuration(connectTimeout:)``), whose
    /// connections must open within `connectTimeout`. Call ``shutdown()`` when done.
    /// - Parameter connectTimeout: The connect timeout.
    public init(connectTimeout: Duration) {
        self.client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: Self.configuration(connectTimeout: connectTimeout)
        )
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
