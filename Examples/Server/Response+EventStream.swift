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
    /// `produce` runs in a child task and yields encoded frames; the stream ends when it returns.
    /// With a `keepAlive` interval, a comment frame is sent whenever that much time has passed
    /// since the last one, which also notices a client that went away. The stream ends early, and
    /// `produce` is cancelled, when the client disconnects or the server shuts down gracefully.
    static func eventStream(
        keepAlive: Duration?,
        produce: @escaping @Sendable (AsyncStream<ByteBuffer>.Continuation) async -> Void
    ) -> Response {
        var headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"]
        // Tells nginx-style proxies not to buffer the stream.
        if let noBuffering = HTTPField.Name("X-Accel-Buffering") { headers[noBuffering] = "no" }
        return Response(
            status: .ok,
            headers: headers,
            body: ResponseBody { writer in
                let (frames, sink) = AsyncStream.makeStream(of: ByteBuffer.self)
                try await withGracefulShutdownHandler {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            await produce(sink)
                            sink.finish()
                        }
                        if let keepAlive {
                            group.addTask {
                                while (try? await Task.sleep(for: keepAlive)) != nil {
                                    sink.yield(ServerSentEvent.comment("keep-alive"))
                                }
                            }
                        }
                        for await frame in frames {
                            try await writer.write(frame)
                        }
                        group.cancelAll()
                    }
                } onGracefulShutdown: {
                    sink.finish()
                }
                try await writer.finish(nil)
            }
        )
    }
}
