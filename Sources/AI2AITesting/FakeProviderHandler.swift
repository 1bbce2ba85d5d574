//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import NIOCore
import NIOHTTP1
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one request at a time and writes the queued response, piece by piece.
final class FakeProviderHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: ServerBox
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(server: ServerBox) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            let request = FakeProviderRequest(
                method: head.method.rawValue,
                path: head.uri,
                headers: head.headers.map { ($0.name, $0.value) },
                body: body
            )
            let response =
                server.server.withLock { $0 }?.receive(request)
                ?? FakeProviderResponse(status: 503, body: Array("server not ready".utf8))
            respond(response, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        server.server.withLock { $0 }?.connectionClosed()
        context.fireChannelInactive()
    }

    private func respond(_ response: FakeProviderResponse, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers)
        headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
            promise: nil
        )
        context.flush()
        let pieces = response.pieces
        let loop = context.eventLoop
        let bound = NIOLoopBound(context, eventLoop: loop)
        let handler = NIOLoopBound(self, eventLoop: loop)
        guard let delay = response.delay else {
            for piece in pieces {
                var buffer = context.channel.allocator.buffer(capacity: piece.count)
                buffer.writeBytes(piece)
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            }
            end(response, context: context)
            return
        }
        let nanoseconds = delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
        func write(_ index: Int) {
            let context = bound.value
            guard index < pieces.count else {
                handler.value.end(response, context: context)
                return
            }
            var buffer = context.channel.allocator.buffer(capacity: pieces[index].count)
            buffer.writeBytes(pieces[index])
            context.writeAndFlush(handler.value.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            loop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) { write(index + 1) }
        }
        write(0)
    }

    private func end(_ response: FakeProviderResponse, context: ChannelHandlerContext) {
        if response.resetAfter != nil {
            // SO_LINGER with a zero timeout makes close() send a TCP reset instead of a FIN.
            let channel = context.channel
            if let provider = channel as? any SocketOptionProvider {
                provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
            } else {
                channel.close(promise: nil)
            }
        } else if response.stallAfter != nil {
            return  // keep the connection open, send nothing more
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
