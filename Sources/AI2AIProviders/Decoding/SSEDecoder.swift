//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import NIOCore

/// An incremental Server-Sent Events decoder that follows the WHATWG parsing rules.
///
/// Feed it the body in chunks split anywhere (inside a line, between CR and LF, inside a UTF-8
/// character); it returns the events completed by each chunk. Lines end in LF, CR or CRLF; a
/// leading byte-order mark is skipped; lines starting with `:` are comments; `data:` lines of one
/// event are joined with `\n`; a blank line dispatches the event; `id:` and `retry:` are read
/// safely. Text is decoded only from whole lines, so split characters are never damaged.
///
/// ```swift
/// var decoder = SSEDecoder()
/// let events = decoder.feed(Array("event: ping\ndata: {}\n\n".utf8))
/// // events == [ServerSentEvent(event: "ping", data: "{}")]
/// ```
public struct SSEDecoder: Sendable {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var eventType: String?
    private var lastEventID: String?
    private var lastCharacterWasCR = false
    private var bomState = 0  // 0..2: bytes of a BOM matched so far; 3: start handled

    /// How many comment lines (`: ...`) the stream has had so far.
    public private(set) var commentCount = 0
    /// The reconnection time the stream asked for (`retry:` field), in milliseconds.
    public private(set) var retry: Int?

    /// Creates a decoder at the start of a stream.
    public init() {}

    /// Decodes the next chunk of the body.
    /// - Parameter bytes: The bytes, split anywhere.
    /// - Returns: The events this chunk completed, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if bomState < 3, consumeBOM(byte) { continue }
            switch byte {
            case UInt8(ascii: "\n"):
                if lastCharacterWasCR {
                    lastCharacterWasCR = false
                } else {
                    endLine(into: &events)
                }
            case UInt8(ascii: "\r"):
                lastCharacterWasCR = true
                endLine(into: &events)
            default:
                lastCharacterWasCR = false
                line.append(byte)
            }
        }
        return events
    }

    /// Decodes the next chunk of the body.
    /// - Parameter buffer: The bytes, split anywhere.
    /// - Returns: The events this chunk completed, in order.
    public mutating func feed(_ buffer: ByteBuffer) -> [ServerSentEvent] {
        feed(buffer.readableBytesView)
    }

    /// Ends the stream. By the WHATWG rules an event that was not followed by a blank line is
    /// discarded.
    /// - Returns: Always empty; present so callers treat every decoder alike.
    public mutating func finish() -> [ServerSentEvent] {
        line.removeAll()
        data.removeAll()
        hasData = false
        eventType = nil
        return []
    }

    /// Skips a UTF-8 byte-order mark at the very start. Returns whether the byte was consumed.
    private mutating func consumeBOM(_ byte: UInt8) -> Bool {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if byte == bom[bomState] {
            bomState += 1
            return true
        }
        // Not a BOM after all: replay the matched prefix as ordinary bytes.
        let matched = bom.prefix(bomState)
        bomState = 3
        line.append(contentsOf: matched)
        return false
    }

    private mutating func endLine(into events: inout [ServerSentEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        guard let first = line.first else {
            dispatch(into: &events)
            return
        }
        if first == UInt8(ascii: ":") {
            commentCount += 1
            return
        }
        let field: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            field = line[..<colon]
            value = line[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            field = line[...]
            value = []
        }
        switch String(decoding: field, as: UTF8.self) {
        case "data":
            if hasData { data.append(UInt8(ascii: "\n")) }
            data.append(contentsOf: value)
            hasData = true
        case "event":
            eventType = String(decoding: value, as: UTF8.self)
        case "id":
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        case "retry":
            if !value.isEmpty, value.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                retry = Int(String(decoding: value, as: UTF8.self))
            }
        default:
            break
        }
    }

    private mutating func dispatch(into events: inout [ServerSentEvent]) {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            eventType = nil
        }
        guard hasData else { return }
        let type = eventType.flatMap { $0.isEmpty ? nil : $0 } ?? "message"
        events.append(ServerSentEvent(event: type, data: String(decoding: data, as: UTF8.self), id: lastEventID))
    }
}
