//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// Finds the unpaired UTF-16 surrogate escapes of one JSON text and makes the text decodable.
///
/// JavaScript servers cut a delta wherever a string splits, so an emoji can end one delta as
/// `"a\ud83d"` and start the next as `"\ude42b"`. Foundation's `JSONDecoder` rejects such an
/// unpaired escape, so before an event that has one is decoded, every unpaired escape is
/// overwritten with `\ufffd` (the same six bytes), and the halves at the very start or end of a
/// string are remembered by the string's path, for ``SurrogateJoiner`` to join with the
/// neighbouring delta. A correct pair (`\ud83d\ude42`) is left alone.
///
/// The common case costs one scan for a `\` followed by `ud8` to `udf` (any case); only an event
/// that has one is walked in full.
struct SurrogateRepair: Sendable {
    /// One step of a path in a JSON document.
    enum PathComponent: Hashable, Sendable {
        /// An object member.
        case key(String)
        /// An array element, by position.
        case index(Int)
    }

    /// The unpaired halves at the edges of one string.
    struct Edges: Hashable, Sendable {
        /// A low half that starts the string (its first character is then U+FFFD).
        var leadingLow: UInt16?
        /// A high half that ends the string (its last character is then U+FFFD).
        var trailingHigh: UInt16?
    }

    private var edges: [[PathComponent]: Edges] = [:]

    /// The unpaired halves at the edges of the string at `path`, if it has any.
    func edges(at path: [PathComponent]) -> Edges? {
        edges[path]
    }

    /// Overwrites every unpaired surrogate escape in `data` with `\ufffd`.
    /// - Parameter data: The bytes of one JSON text.
    /// - Returns: The halves found at string edges, or `nil` when the text has no surrogate escape
    ///   (then `data` is unchanged).
    static func repair(_ data: inout Data) -> SurrogateRepair? {
        guard data.withUnsafeBytes({ mayContainSurrogateEscape($0) }) else { return nil }
        var scanner = Scanner(bytes: [UInt8](data))
        scanner.run()
        guard !scanner.unpaired.isEmpty else { return SurrogateRepair() }
        var bytes = scanner.bytes
        for offset in scanner.unpaired {
            bytes.replaceSubrange(offset + 2..<offset + 6, with: "fffd".utf8)
        }
        data = Data(bytes)
        return SurrogateRepair(edges: scanner.edges)
    }

    /// Whether `bytes` contain `\u` followed by `d8` to `df` in either case (an escape of a
    /// surrogate, or text that merely looks like one after an escaped backslash).
    static func mayContainSurrogateEscape(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 6 else { return false }
        var index = 0
        while index <= bytes.count - 6 {
            if bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                bytes[index + 2] | 0x20 == UInt8(ascii: "d")
            {
                switch bytes[index + 3] | 0x20 {
                case UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): return true
                default: break
                }
            }
            index += 1
        }
        return false
    }
}
