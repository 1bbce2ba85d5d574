//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation
import NIOCore

/// One server-sent event, framed as the WHATWG rules read it: optional `event:` and `id:` lines,
/// one `data:` line per line of the data, and a blank line.
struct ServerSentEvent: Sendable, Hashable {
    /// The event's name; `nil` for the default `message`.
    var event: String?
    /// The event's identifier (the client's `Last-Event-ID`).
    var id: String?
    /// The payload; line breaks become separate `data:` lines.
    var data: String

    /// The event as bytes on the wire.
    func encoded() -> ByteBuffer {
        var text = ""
        if let event { text += "event: \(Self.singleLine(event))\n" }
        if let id { text += "id: \(Self.singleLine(id))\n" }
        let lines = data.split(
            omittingEmptySubsequences: false,
            whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        )
        for line in lines { text += "data: \(line)\n" }
        text += "\n"
        return ByteBuffer(string: text)
    }

    /// A JSON payload as a `data:`-only event (the framing of the feedback streams).
    static func json(_ value: some Encodable, event: String? = nil, id: String? = nil) throws -> ServerSentEvent {
        let data = try JSONEncoder.ai2ai.encode(value)
        return ServerSentEvent(event: event, id: id, data: String(decoding: data, as: UTF8.self))
    }

    /// A comment line, ignored by clients; keeps idle connections open through proxies.
    static func comment(_ text: String) -> ByteBuffer {
        ByteBuffer(string: ": \(singleLine(text))\n\n")
    }

    private static func singleLine(_ text: String) -> String {
        String(text.filter { $0 != "\n" && $0 != "\r" })
    }
}
