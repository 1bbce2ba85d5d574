//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Logging
import NIOCore
import NIOHTTP1

/// Closes a connection that misses its ``ConnectionDeadline``: first in the pipeline, it sees
/// every byte that arrives; ``HTTPProgressHandler``, after the HTTP decoder, tells it when a
/// request head or end is read and when an answer ends.
final class ConnectionTimeoutHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let headerTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private let logger: Logger
    private var state: ConnectionDeadline?
    private var context: ChannelHandlerContext?
    /// The pending check and the time it runs.
    private var scheduled: (task: Scheduled<Void>, at: NIODeadline)?
    /// The pending close of a connection whose client stopped reading.
    private var stalled: Scheduled<Void>?

    init(headerTimeout: TimeAmount, idleTimeout: TimeAmount, logger: Logger) {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        scheduled?.task.cancel()
        scheduled = nil
        stalled?.cancel()
        stalled = nil
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        scheduled?.task.cancel()
        scheduled = nil
        stalled?.cancel()
        stalled = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        update { $0.bytesRead(at: .now()) }
        context.fireChannelRead(data)
    }

    /// A client that stops reading an answer (the connection stays unwritable for the idle
    /// timeout) is disconnected: its answer's frames wait in bounded buffers meanwhile
    /// (``FrameOutbox``), and an event-stream client resumes from the last id it saw.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        stalled?.cancel()
        stalled = nil
        if !context.channel.isWritable {
            stalled = context.eventLoop.assumeIsolated().scheduleTask(in: idleTimeout) { [self] in
                self.stalled = nil
                logger.debug("Closing a connection whose client stopped reading the answer")
                context.close(promise: nil)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    /// A request head was decoded.
    func headRead() { update { $0.headRead(at: .now()) } }
    /// A request's end was decoded.
    func requestRead() { update { $0.requestRead() } }
    /// An answer's end was written.
    func answerWritten() { update { $0.answerWritten(at: .now()) } }

    private func start(_ context: ChannelHandlerContext) {
        guard state == nil else { return }
        state = ConnectionDeadline(headerTimeout: headerTimeout, idleTimeout: idleTimeout, openedAt: .now())
        reschedule()
    }

    private func update(_ change: (inout ConnectionDeadline) -> Void) {
        guard var state else { return }
        change(&state)
        self.state = state
        reschedule()
    }

    /// Makes sure a check runs no later than the deadline; a later deadline is found when an
    /// earlier check runs, so that bytes arriving do not reschedule a timer each time.
    private func reschedule() {
        guard let deadline = state?.deadline, let context else { return }
        if let scheduled, scheduled.at <= deadline { return }
        scheduled?.task.cancel()
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            self.scheduled = nil
            self.check()
        }
        scheduled = (task, deadline)
    }

    private func check() {
        guard let deadline = state?.deadline, let context else { return }
        guard deadline <= .now() else { return reschedule() }
        logger.debug(
            "Closing a connection that missed its deadline",
            metadata: ["connection.phase": "\(state.map { "\($0.phase)" } ?? "")"]
        )
        state = nil
        context.close(promise: nil)
    }
}

/// Reports request heads and ends, and answer ends, to a ``ConnectionTimeoutHandler``; it sits
/// just after the HTTP decoder and passes everything on unchanged.
final class HTTPProgressHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let timeouts: ConnectionTimeoutHandler

    init(reportingTo timeouts: ConnectionTimeoutHandler) {
        self.timeouts = timeouts
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: timeouts.headRead()
        case .end: timeouts.requestRead()
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { timeouts.answerWritten() }
        context.write(data, promise: promise)
    }
}

@available(*, unavailable)
extension ConnectionTimeoutHandler: Sendable {}

@available(*, unavailable)
extension HTTPProgressHandler: Sendable {}
