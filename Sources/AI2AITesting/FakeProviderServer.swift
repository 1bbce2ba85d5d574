//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback HTTP server that plays a model provider in tests.
///
/// It listens on 127.0.0.1 on a free port, records every request, and answers each with the
/// next ``FakeProviderResponse`` of its queue (the last one is repeated when the queue runs out).
/// A `GET` (the connection check of a provider, `GET /v1/models`) is answered with 200 and an
/// empty model list, counted in ``connectionChecks``, and neither recorded nor served from the
/// queue.
///
/// ```swift
/// let server = try await FakeProviderServer.start(responses: [.json(#"{"choices":[]}"#)])
/// let provider = OpenAICompatibleProvider(configuration: .compatible(baseURL: server.baseURL + "/v1"))
/// // ...
/// #expect(server.requests.first?.path == "/v1/chat/completions")
/// try await server.shutdown()
/// ```
public final class FakeProviderServer: Sendable {
    /// Answers a request, for servers whose answers depend on what they are asked.
    public typealias Responder = @Sendable (FakeProviderRequest) -> FakeProviderResponse

    private struct State {
        var queue: [FakeProviderResponse]
        var responder: Responder?
        var last: FakeProviderResponse?
        var requests: [FakeProviderRequest] = []
        var closedConnections = 0
        var connectionChecks = 0
        /// Tests waiting for a number of requests or closed connections.
        var waiters: [(isSatisfied: @Sendable (State) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []

        /// Removes and returns the waiters whose condition now holds.
        mutating func satisfiedWaiters() -> [CheckedContinuation<Void, Never>] {
            let snapshot = self
            var ready: [CheckedContinuation<Void, Never>] = []
            waiters.removeAll { waiter in
                guard waiter.isSatisfied(snapshot) else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return ready
        }
    }

    private let state: Mutex<State>
    private let channel: Mutex<(any Channel)?>
    /// The port the server listens on.
    public let port: Int

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The requests received so far, in order.
    public var requests: [FakeProviderRequest] { state.withLock { $0.requests } }

    private init(responses: [FakeProviderResponse], port: Int, channel: (any Channel)?) {
        self.state = Mutex(State(queue: responses))
        self.channel = Mutex(channel)
        self.port = port
    }

    /// Starts a server.
    /// - Parameter responses: The responses to serve, in order.
    /// - Returns: The running server; call ``shutdown()`` when done.
    public static func start(responses: [FakeProviderResponse]) async throws -> FakeProviderServer {
        let box = ServerBox()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(FakeProviderHandler(server: box))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        let server = FakeProviderServer(responses: responses, port: channel.localAddress?.port ?? 0, channel: channel)
        box.server.withLock { $0 = server }
        return server
    }

    /// Starts a server that answers every request with what `responder` returns for it.
    ///
    /// The responder runs on the server's event loop for each request, in the order requests
    /// complete; it must not block.
    /// - Parameter responder: Makes the response to a request.
    /// - Returns: The running server; call ``shutdown()`` when done.
    public static func start(responder: @escaping Responder) async throws -> FakeProviderServer {
        let server = try await start(responses: [])
        server.state.withLock { $0.responder = responder }
        return server
    }

    /// How many `GET` requests (connection checks) the server answered.
    public var connectionChecks: Int { state.withLock { $0.connectionChecks } }

    /// How many client connections have closed so far (a cancelled request closes its connection).
    public var closedConnections: Int { state.withLock { $0.closedConnections } }

    /// Counts a closed connection.
    func connectionClosed() {
        let ready = state.withLock { state in
            state.closedConnections += 1
            return state.satisfiedWaiters()
        }
        for waiter in ready { waiter.resume() }
    }

    /// Waits until the server has received at least `count` requests.
    /// - Parameter count: How many requests to wait for.
    public func waitForRequests(_ count: Int) async {
        await waitUntil { $0.requests.count >= count }
    }

    /// Waits until at least `count` client connections have closed.
    /// - Parameter count: How many closed connections to wait for.
    public func waitForClosedConnections(_ count: Int) async {
        await waitUntil { $0.closedConnections >= count }
    }

    private func waitUntil(_ condition: @escaping @Sendable (State) -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state in
                if condition(state) { return true }
                state.waiters.append((condition, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Adds responses to the end of the queue.
    public func enqueue(_ responses: FakeProviderResponse...) {
        state.withLock { $0.queue.append(contentsOf: responses) }
    }

    /// Stops listening.
    public func shutdown() async throws {
        let channel = self.channel.withLock { value -> (any Channel)? in
            defer { value = nil }
            return value
        }
        try await channel?.close()
    }

    /// Records a request and returns the response to serve.
    func receive(_ request: FakeProviderRequest) -> FakeProviderResponse {
        if request.method == "GET" {
            state.withLock { $0.connectionChecks += 1 }
            return .json(#"{"object":"list","data":[]}"#)
        }
        let (queued, responder, ready) = state.withLock { state in
            state.requests.append(request)
            var queued: FakeProviderResponse?
            if state.responder == nil {
                if !state.queue.isEmpty { state.last = state.queue.removeFirst() }
                queued =
                    state.last
                    ?? FakeProviderResponse(
                        status: 500,
                        headers: [("Content-Type", "text/plain")],
                        body: Array("no response queued".utf8)
                    )
            }
            return (queued, state.responder, state.satisfiedWaiters())
        }
        for waiter in ready { waiter.resume() }
        if let queued { return queued }
        return responder?(request) ?? FakeProviderResponse(status: 500, body: Array("no responder".utf8))
    }
}

/// Lets channel handlers reach the server, which exists only once the port is known.
final class ServerBox: Sendable {
    let server = Mutex<FakeProviderServer?>(nil)
}
