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
/// By default it uses `HTTPClient.shared`, which needs no shutdown. To control the connect
/// timeout, pass a client you configured and shut it down yourself when you are done:
///
/// ```swift
/// let client = HTTPClient(configuration: .init(timeout: .init(connect: .seconds(5))))
/// let transport = AsyncHTTPClientTransport(client: client)
/// // ...
/// try await client.shutdown()
/// ```
/// Cancelling the task that reads a response cancels the request.
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// The client requests go through.
    public let client: HTTPClient

    /// Creates a transport.
    /// - Parameter client: The client to use; `HTTPClient.shared` by default.
    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    /// Sends a request through AsyncHTTPClient; returns when the response head arrives.
    public func send(_ request: HTTPTransportRequest, deadline: ContinuousClock.Instant) async throws -> HTTPTransportResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = request.headers
        outgoing.body = .bytes(request.body)
        let remaining = ContinuousClock.now.duration(to: deadline)
        let components = remaining.components
        let nanoseconds = max(0, components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000)
        let response = try await client.execute(outgoing, timeout: .nanoseconds(nanoseconds))
        return HTTPTransportResponse(
            status: Int(response.status.code),
            headers: response.headers,
            body: HTTPTransportBody(response.body)
        )
    }
}
