//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore

/// A forward-only reader of one JSON text, for the stream parsers' fast paths.
///
/// It reads only what a fast path asks for, and gives up (``failed``) on anything it does not
/// handle exactly as Foundation's `JSONDecoder` would: an unexpected byte, a key with an escape,
/// an unescaped control character, invalid UTF-8, an unpaired surrogate escape (left to
/// ``SurrogateRepair``), a number that is not a small unsigned integer. Once it has failed every
/// read returns a placeholder, so a fast path checks ``failed`` once, at the end, and then falls
/// back to the Codable path, which stays the reference.
///
/// ```swift
/// var scanner = JSONFastScanner(bytes)
/// scanner.beginObject()
/// var first = true
/// while let key = scanner.nextKey(&first) {
///     switch key {
///     case "text": text = scanner.string()
///     default: scanner.fail()
///     }
/// }
/// scanner.end()
/// ```
struct JSONFastScanner: ~Copyable {
    /// The bytes of an object key, without its quotes.
    struct Key {
        let bytes: UnsafeBufferPointer<UInt8>

        static func ~= (name: StaticString, key: Key) -> Bool {
            name.utf8CodeUnitCount == key.bytes.count
                && (key.bytes.isEmpty
                    || memcmpBytes(name.utf8Start, key.bytes.baseAddress, key.bytes.count))
        }

        private static func memcmpBytes(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>?, _ count: Int) -> Bool
        {
            guard let rhs else { return false }
            for offset in 0..<count where lhs[offset] != rhs[offset] { return false }
            return true
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    /// Whether the bytes are known to be valid UTF-8 (they come from a `String`).
    private let isValidUTF8: Bool
    private var position = 0
    /// Whether the text had something the scanner does not handle.
    private(set) var failed = false

    /// Creates a scanner at the start of `bytes`.
    /// - Parameters:
    ///   - bytes: One JSON text.
    ///   - isValidUTF8: `true` when the bytes are known to be valid UTF-8 (the UTF-8 view of a
    ///     `String`), so strings need no validation; otherwise a string that is not valid UTF-8
    ///     fails the scan.
    init(_ bytes: UnsafeBufferPointer<UInt8>, isValidUTF8: Bool = false) {
        self.bytes = bytes
        self.isValidUTF8 = isValidUTF8
    }

    /// Gives up: the caller saw something it does not handle.
    mutating func fail() {
        failed = true
    }

    /// Consumes `{`.
    mutating func beginObject() {
        expect(UInt8(ascii: "{"))
    }

    /// Consumes `[`, the single element's value must follow, then ``endSingleElementArray()``.
    mutating func beginArray() {
        expect(UInt8(ascii: "["))
    }

    /// Consumes the `]` that must follow an array's only element.
    mutating func endSingleElementArray() {
        expect(UInt8(ascii: "]"))
    }

    /// Reads up to the next member's value: returns its key (the `:` consumed), or `nil` at the
    /// end of the object (the `}` consumed) or on failure.
    /// - Parameter first: `true` before the object's first member; the scanner updates it.
    mutating func nextKey(_ first: inout Bool) -> Key? {
        guard !failed else { return nil }
        skipWhitespace()
        guard position < bytes.count else {
            failed = true
            return nil
        }
        if bytes[position] == UInt8(ascii: "}") {
            position += 1
            return nil
        }
        if !first {
            expect(UInt8(ascii: ","))
            skipWhitespace()
        }
        first = false
        guard !failed, position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            failed = true
            return nil
        }
        let start = position + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20
        {
            end += 1
        }
        // A key with an escape or without its closing quote is left to the Codable path.
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else {
            failed = true
            return nil
        }
        position = end + 1
        expect(UInt8(ascii: ":"))
        guard !failed else { return nil }
        return Key(bytes: UnsafeBufferPointer(rebasing: bytes[start..<end]))
    }

    /// Marks `bit` as seen in `seen`; fails on a key met twice in one object (left to the
    /// Codable path, whatever it does with duplicates).
    mutating func once(_ bit: UInt32, _ seen: inout UInt32) {
        if seen & bit != 0 { failed = true }
        seen |= bit
    }

    /// Checks that only whitespace is left.
    mutating func end() {
        skipWhitespace()
        if position != bytes.count { failed = true }
    }

    /// Reads a string or `null` (then `nil`).
    mutating func nullableString() -> String? {
        if readNull() { return nil }
        return string()
    }

    /// Reads `null`.
    mutating func null() {
        if !readNull() { failed = true }
    }

    /// Reads `true` or `false`.
    mutating func bool() -> Bool {
        if readLiteral("true") { return true }
        if readLiteral("false") { return false }
        failed = true
        return false
    }

    /// Reads an unsigned integer of at most 18 digits, without a sign, fraction or exponent.
    mutating func unsignedInteger() -> Int {
        skipWhitespace()
        guard !failed, position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 else {
            failed = true
            return 0
        }
        var value = 0
        let start = position
        while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 {
            // A long number is left to the Codable path.
            guard position - start < 18 else {
                failed = true
                return 0
            }
            value = value * 10 + Int(bytes[position] &- UInt8(ascii: "0"))
            position += 1
        }
        // A leading zero, a fraction or an exponent: left to the Codable path.
        if bytes[start] == UInt8(ascii: "0") && position - start > 1 {
            failed = true
        } else if position < bytes.count,
            bytes[position] == UInt8(ascii: ".") || bytes[position] | 0x20 == UInt8(ascii: "e")
        {
            failed = true
        }
        return value
    }

    /// Reads a string.
    mutating func string() -> String {
        readString(keeping: true)
    }

    /// Reads a string that is not needed: checked as ``string()`` checks it, without making a
    /// `String` of plain text.
    mutating func skipString() {
        _ = readString(keeping: false)
    }

    /// Reads a string or `null` that is not needed: checked as ``nullableString()`` checks it,
    /// without making a `String` of plain text.
    mutating func skipNullableString() {
        if readNull() { return }
        _ = readString(keeping: false)
    }

    /// Reads a string; unless `keeping`, plain text that needs no validation is not copied.
    private mutating func readString(keeping: Bool) -> String {
        skipWhitespace()
        guard !failed, position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            failed = true
            return ""
        }
        let start = position + 1
        var end = start
        var highBits: UInt8 = 0
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            highBits |= byte
            end += 1
        }
        guard end < bytes.count, bytes[end] != UInt8(ascii: "\\") else {
            return escapedString(from: start, plainUpTo: end)
        }
        guard bytes[end] == UInt8(ascii: "\"") else {
            failed = true
            return ""
        }
        let content = UnsafeBufferPointer(rebasing: bytes[start..<end])
        position = end + 1
        // ASCII, or text known to be valid: nothing to repair, so decoding is exact.
        if highBits < 0x80 || isValidUTF8 { return keeping ? String(decoding: content, as: UTF8.self) : "" }
        guard let text = String(validating: content, as: UTF8.self) else {
            failed = true
            return ""
        }
        return text
    }

    /// Reads the rest of a string that has escapes; `plain` bytes from `start` have none.
    private mutating func escapedString(from start: Int, plainUpTo plain: Int) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(plain - start + 16)
        utf8.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<plain]))
        var index = plain
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let valid =
                    isValidUTF8 ? String(decoding: utf8, as: UTF8.self) : String(validating: utf8, as: UTF8.self)
                guard let text = valid else { break }
                position = index + 1
                return text
            }
            guard byte >= 0x20 else { break }
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { break }
            index += 2
            switch bytes[index - 1] {
            case UInt8(ascii: "\""): utf8.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): utf8.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): utf8.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                guard let scalar = unicodeEscape(at: &index) else {
                    failed = true
                    return ""
                }
                utf8.append(contentsOf: scalar.utf8)
            default:
                failed = true
                return ""
            }
        }
        failed = true
        return ""
    }

    /// Reads the hex digits of a `\u` escape at `index` (and of the low half after a high
    /// one); `nil` for an unpaired half or bad digits.
    private func unicodeEscape(at index: inout Int) -> Unicode.Scalar? {
        guard let unit = hexUnit(at: index) else { return nil }
        index += 4
        if UTF16.isTrailSurrogate(unit) { return nil }
        guard UTF16.isLeadSurrogate(unit) else { return Unicode.Scalar(unit) }
        guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
            let low = hexUnit(at: index + 2), UTF16.isTrailSurrogate(low)
        else { return nil }
        index += 6
        return Unicode.Scalar(0x10000 + (UInt32(unit) - 0xD800) << 10 + (UInt32(low) - 0xDC00))
    }

    private func hexUnit(at index: Int) -> UInt16? {
        HexDigits.unit(in: bytes, at: index)
    }

    private mutating func readNull() -> Bool {
        readLiteral("null")
    }

    private mutating func readLiteral(_ literal: StaticString) -> Bool {
        skipWhitespace()
        let count = literal.utf8CodeUnitCount
        guard !failed, position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] { return false }
        position += count
        return true
    }

    private mutating func expect(_ byte: UInt8) {
        skipWhitespace()
        guard !failed, position < bytes.count, bytes[position] == byte else {
            failed = true
            return
        }
        position += 1
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }
}
