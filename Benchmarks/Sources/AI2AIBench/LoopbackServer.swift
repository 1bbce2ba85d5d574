//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import NIOCore
import NIOHTTP1
import NIOPosix

/// A loopback HTTP/1.1 server that answers each request path with a fixed body, written in
/// chunks as a streaming provider would. It stands in for a provider's API.
struct LoopbackServer: Sendable {
    /// A fixed answer.
    struct Route: Sendable {
        var contentType: String
        var body: ByteBuffer
        /// Bytes per write (each write is flushed).
        var chunkSize = 4096
    }

    /// The port it listens on, on 127.0.0.1.
    let port: Int
    private let channel: any Channel

    /// Starts a server answering these paths (`/v1/chat/completions`, …); other paths get 404.
    static func start(routes: [String: Route]) async throws -> LoopbackServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RouteHandler(routes: routes))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else { throw BenchError("The loopback server has no port") }
        return LoopbackServer(port: port, channel: channel)
    }

    /// The server's base URL.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Stops listening.
    func shutdown() async throws {
        try await channel.close()
    }
}

private final class RouteHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let routes: [String: LoopbackServer.Route]
    private var route: LoopbackServer.Route?

    init(routes: [String: LoopbackServer.Route]) {
        self.routes = routes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
            route = routes[path]
        case .body:
            break
        case .end:
            respond(context: context)
        }
    }

    private func respond(context: ChannelHandlerContext) {
        guard let route else {
            var headers = HTTPHeaders([("content-type", "application/json"), ("content-length", "21")])
            headers.add(name: "connection", value: "keep-alive")
            let head = HTTPResponseHead(version: .http1_1, status: .notFound, headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            let body = ByteBuffer(string: #"{"error":"not found"}"#)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        let headers = HTTPHeaders([("content-type", route.contentType), ("transfer-encoding", "chunked")])
        let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)
        context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
        var body = route.body
        while body.readableBytes > 0, let chunk = body.readSlice(length: min(route.chunkSize, body.readableBytes)) {
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
