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
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                emit(into: &lines)
            } else {
                pending.append(byte)
            }
        }
        return lines
    }

    /// Decodes the next chunk of the body.
    /// - Parameter buffer: The bytes, split anywhere.
    /// - Returns: The lines this chunk completed.
    public mutating func feed(_ buffer: ByteBuffer) -> [Data] {
        feed(buffer.readableBytesView)
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
        var end = pending.endIndex
        while end > pending.startIndex, Self.isWhitespace(pending[end - 1]) { end -= 1 }
        var start = pending.startIndex
        // A UTF-8 byte-order mark before the first document is not JSON.
        if pending.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < end, Self.isWhitespace(pending[start]) { start += 1 }
        guard start < end else { return }
        lines.append(Data(pending[start..<end]))
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
