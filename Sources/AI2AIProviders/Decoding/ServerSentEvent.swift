//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// One event of a Server-Sent Events stream, as the WHATWG rules dispatch it.
///
/// ```swift
/// var decoder = SSEDecoder()
/// for event in decoder.feed(Array("data: hi\n\n".utf8)) { print(event.event, event.data) }
/// ```
public struct ServerSentEvent: Sendable, Hashable {
    /// The event type: the last `event:` field, or `message` when there was none.
    public var event: String
    /// The `data:` lines of the event, joined with `\n`.
    public var data: String
    /// The last event ID seen so far in the stream (`id:` field), if any.
    public var id: String?

    /// Creates an event.
    /// - Parameters:
    ///   - event: The event type.
    ///   - data: The event's data.
    ///   - id: The last event ID.
    public init(event: String = "message", data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}
