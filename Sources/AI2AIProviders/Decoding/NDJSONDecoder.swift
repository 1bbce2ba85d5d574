//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation
public import NIOCore

/// An incremental decoder of newline-delimited JSON (one JSON document a line).
///
/// Feed it the body in chunks split anywhere; it returns the complete, non-blank lines (without
/// their `\n` or `\r\n`), ready for a JSON decoder. A last line without a newline is returned by
/// ``finish()``.
///
/// ```swift
/// var decoder = NDJSONDecoder()
/// let lines = decoder.feed(Array("{\"a\":1}\n{\"b\"".utf8)) // one line
/// let rest = decoder.feed(Array(":2}\n".utf8))               // the second
/// ```
public struct NDJSONDecoder: Sendable {
    private var pending: [UInt8] = []

    /// Creates a decoder at the start of a stream.
    public init() {}

    /// Decodes the next chunk of the body.
    /// - Parameter bytes: The bytes, split anywhere.
    /// - Returns: The lines this chunk completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Data] {
        var lines: [Data] = []
        let contiguous: Void? = bytes.withContiguousStorageIfAvailable { feed(contiguous: $0, into: &lines) }
        if contiguous == nil {
            Array(bytes).withUnsafeBufferPointer { feed(contiguous: $0, into: &lines) }
        }
        return lines
    }

    /// Decodes the next chunk of the body.
    /// - Parameter buffer: The bytes, split anywhere.
    /// - Returns: The lines this chunk completed.
    public mutating func feed(_ buffer: ByteBuffer) -> [Data] {
        var lines: [Data] = []
        buffer.withUnsafeReadableBytes { raw in
            raw.withMemoryRebound(to: UInt8.self) { feed(contiguous: $0, into: &lines) }
        }
        return lines
    }

    /// Splits a chunk into lines: whole lines are read in place, and only the unfinished last one
    /// is copied, to be completed by the next chunk.
    private mutating func feed(contiguous bytes: UnsafeBufferPointer<UInt8>, into lines: inout [Data]) {
        var index = 0
        while index < bytes.count {
            var end = bytes.count
            if let base = bytes.baseAddress,
                let found = memchr(base + index, Int32(UInt8(ascii: "\n")), bytes.count - index)
            {
                end = UnsafeRawPointer(base).distance(to: found)
            }
            guard end < bytes.count else {
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index...]))
                return
            }
            if pending.isEmpty {
                Self.emit(UnsafeBufferPointer(rebasing: bytes[index..<end]), into: &lines)
            } else {
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                pending.withUnsafeBufferPointer { Self.emit($0, into: &lines) }
                pending.removeAll(keepingCapacity: true)
            }
            index = end + 1
        }
    }

    /// Ends the stream.
    /// - Returns: The last line, when the body did not end with a newline.
    public mutating func finish() -> [Data] {
        var lines: [Data] = []
        emit(into: &lines)
        return lines
    }

    private mutating func emit(into lines: inout [Data]) {
        defer { pending.removeAll(keepingCapacity: true) }
        pending.withUnsafeBufferPointer { Self.emit($0, into: &lines) }
    }

    /// Appends `line` without its surrounding whitespace (and a byte-order mark), unless blank.
    private static func emit(_ line: UnsafeBufferPointer<UInt8>, into lines: inout [Data]) {
        var end = line.endIndex
        while end > line.startIndex, isWhitespace(line[end - 1]) { end -= 1 }
        var start = line.startIndex
        // A UTF-8 byte-order mark before the first document is not JSON.
        if line.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < end, isWhitespace(line[start]) { start += 1 }
        guard start < end else { return }
        lines.append(Data(UnsafeBufferPointer(rebasing: line[start..<end])))
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
