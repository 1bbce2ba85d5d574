//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation
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
    private var lastEventType = ""
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
        let contiguous: Void? = bytes.withContiguousStorageIfAvailable { feed(contiguous: $0, into: &events) }
        if contiguous == nil {
            Array(bytes).withUnsafeBufferPointer { feed(contiguous: $0, into: &events) }
        }
        return events
    }

    /// Decodes the next chunk of the body.
    /// - Parameter buffer: The bytes, split anywhere.
    /// - Returns: The events this chunk completed, in order.
    public mutating func feed(_ buffer: ByteBuffer) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        buffer.withUnsafeReadableBytes { raw in
            raw.withMemoryRebound(to: UInt8.self) { feed(contiguous: $0, into: &events) }
        }
        return events
    }

    /// Splits a chunk into lines: whole lines are read in place, and only the unfinished last one
    /// is copied, to be completed by the next chunk.
    private mutating func feed(contiguous bytes: UnsafeBufferPointer<UInt8>, into events: inout [ServerSentEvent]) {
        var index = 0
        while bomState < 3, index < bytes.count {
            guard consumeBOM(bytes[index]) else { break }
            index += 1
        }
        // A CRLF cut between two chunks: the LF ends no second line.
        if lastCharacterWasCR, index < bytes.count {
            lastCharacterWasCR = false
            if bytes[index] == UInt8(ascii: "\n") { index += 1 }
        }
        while index < bytes.count {
            var end = Self.lineEnd(in: bytes, from: index)
            guard end < bytes.count else {
                line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index...]))
                return
            }
            if line.isEmpty {
                endLine(UnsafeBufferPointer(rebasing: bytes[index..<end]), into: &events)
            } else {
                var whole: [UInt8] = []
                swap(&whole, &line)
                whole.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                whole.withUnsafeBufferPointer { endLine($0, into: &events) }
                whole.removeAll(keepingCapacity: true)
                swap(&whole, &line)
            }
            if bytes[end] == UInt8(ascii: "\r") {
                if end + 1 == bytes.count {
                    lastCharacterWasCR = true
                } else if bytes[end + 1] == UInt8(ascii: "\n") {
                    end += 1
                }
            }
            index = end + 1
        }
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

    private mutating func endLine(_ line: UnsafeBufferPointer<UInt8>, into events: inout [ServerSentEvent]) {
        guard let first = line.first else {
            dispatch(into: &events)
            return
        }
        if first == UInt8(ascii: ":") {
            commentCount += 1
            return
        }
        let field: UnsafeBufferPointer<UInt8>
        var value: UnsafeBufferPointer<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            field = UnsafeBufferPointer(rebasing: line[..<colon])
            value = UnsafeBufferPointer(rebasing: line[(colon + 1)...])
            if value.first == UInt8(ascii: " ") { value = UnsafeBufferPointer(rebasing: value.dropFirst()) }
        } else {
            field = line
            value = UnsafeBufferPointer(rebasing: line[line.endIndex...])
        }
        if Self.matches(field, "data") {
            if hasData { data.append(UInt8(ascii: "\n")) }
            data.append(contentsOf: value)
            hasData = true
        } else if Self.matches(field, "event") {
            // Streams repeat a few event types: the last one's text is reused.
            let same = lastEventType.utf8.withContiguousStorageIfAvailable { Self.equal($0, value) } ?? false
            if !same { lastEventType = String(decoding: value, as: UTF8.self) }
            eventType = lastEventType
        } else if Self.matches(field, "id") {
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        } else if Self.matches(field, "retry") {
            if !value.isEmpty, value.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                retry = Int(String(decoding: value, as: UTF8.self))
            }
        }
    }

    /// The offset of the first CR or LF at or after `start`, or `bytes.count`. `memchr` finds the
    /// LF (streams end lines with LF); only the bytes before it are searched for a CR.
    private static func lineEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress, start < bytes.count else { return bytes.count }
        let count = bytes.count - start
        let lineFeed = memchr(base + start, Int32(UInt8(ascii: "\n")), count).map {
            UnsafeRawPointer(base).distance(to: $0)
        }
        let searched = (lineFeed ?? bytes.count) - start
        if let carriageReturn = memchr(base + start, Int32(UInt8(ascii: "\r")), searched) {
            return UnsafeRawPointer(base).distance(to: carriageReturn)
        }
        return lineFeed ?? bytes.count
    }

    private static func matches(_ field: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        equal(field, UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    private static func equal(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for index in 0..<lhs.count where lhs[index] != rhs[index] { return false }
        return true
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
