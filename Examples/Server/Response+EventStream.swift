//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

extension Response {
    /// A `text/event-stream` answer whose frames come from `produce`.
    ///
    /// `produce` runs in a child task and sends encoded frames into a bounded ``FrameOutbox``
    /// (waiting while it is full); the stream ends when it returns. With a `keepAlive` interval, a
    /// comment frame is sent whenever that much time has passed since the last one, which also
    /// notices a client that went away. The stream ends early, and `produce` is cancelled, when the
    /// client disconnects or the server shuts down gracefully.
    static func eventStream(
        keepAlive: Duration?,
        produce: @escaping @Sendable (FrameOutbox) async -> Void
    ) -> Response {
        var headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"]
        // Tells nginx-style proxies not to buffer the stream.
        if let noBuffering = HTTPField.Name("X-Accel-Buffering") { headers[noBuffering] = "no" }
        return Response(
            status: .ok,
            headers: headers,
            body: ResponseBody { writer in
                let outbox = FrameOutbox()
                try await withGracefulShutdownHandler {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            await produce(outbox)
                            outbox.finish()
                        }
                        if let keepAlive {
                            group.addTask {
                                while (try? await Task.sleep(for: keepAlive)) != nil {
                                    outbox.offer(ServerSentEvent.comment("keep-alive"))
                                }
                            }
                        }
                        while let frame = await outbox.next() {
                            try await writer.write(frame)
                        }
                        group.cancelAll()
                    }
                } onGracefulShutdown: {
                    outbox.finish()
                }
                try await writer.finish(nil)
            }
        )
    }
}
