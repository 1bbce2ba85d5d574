//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1.1 child channel with the header and idle timeouts of
/// ``ConnectionDeadline``: it sets up the channel as ``HTTP1Channel`` does, then adds a
/// ``ConnectionTimeoutHandler`` first in the pipeline and an ``HTTPProgressHandler`` after the
/// HTTP decoder.
///
/// Hummingbird's own `idleTimeout` counts from the last complete HTTP part, so a request head
/// sent one byte at a time holds the connection for the whole idle time; this one gives the head
/// its own, shorter, deadline.
struct TimedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    /// The channel that does the HTTP work.
    let base: HTTP1Channel
    /// See ``ServerConfiguration/headerTimeout``.
    let headerTimeout: TimeAmount
    /// See ``ServerConfiguration/idleTimeout``.
    let idleTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let timeouts = ConnectionTimeoutHandler(
                headerTimeout: headerTimeout,
                idleTimeout: idleTimeout,
                logger: logger
            )
            try pipeline.addHandler(timeouts, position: .first)
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(HTTPProgressHandler(reportingTo: timeouts), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with the header and idle timeouts of a configuration.
    static func timedHTTP1(_ configuration: ServerConfiguration) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            TimedHTTP1Channel(
                base: HTTP1Channel(responder: responder),
                headerTimeout: TimeAmount(configuration.headerTimeout),
                idleTimeout: TimeAmount(configuration.idleTimeout)
            )
        }
    }
}
