//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// A strict JSON reader (RFC 8259) over UTF-8 bytes that keeps integers exact.
///
/// It accepts what Foundation's `JSONDecoder` accepts (including its leniencies: one trailing
/// comma in an array or object, and a UTF-8 byte order mark), with two differences: a number
/// without a fraction or an exponent becomes `.integer` or `.bigInteger` (never rounded), and an
/// escaped surrogate without its other half becomes U+FFFD instead of failing the parse. Nesting
/// is limited to 512 levels, as in `JSONDecoder`.
struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses one JSON value, with only whitespace around it.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(DecodingError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { parser.index = 3 }
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.failure("Unexpected text after the JSON value") }
        return value
    }

    private mutating func parseValue(depth: Int) throws(DecodingError) -> JSONValue {
        guard index < bytes.count else { throw failure("Unexpected end of JSON") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("Unexpected character")
        }
    }

    private mutating func parseObject(depth: Int) throws(DecodingError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw failure("JSON nested too deeply") }
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if try consume(UInt8(ascii: "}")) { return .object(members) }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("Expected a key") }
            let key = try parseString()
            skipWhitespace()
            guard try consume(UInt8(ascii: ":")) else { throw failure("Expected ':'") }
            skipWhitespace()
            members[key] = try parseValue(depth: depth)
            skipWhitespace()
            if try consume(UInt8(ascii: "}")) { return .object(members) }
            guard try consume(UInt8(ascii: ",")) else { throw failure("Expected ',' or '}'") }
            skipWhitespace()
            if try consume(UInt8(ascii: "}")) { return .object(members) }  // a trailing comma
        }
    }

    private mutating func parseArray(depth: Int) throws(DecodingError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw failure("JSON nested too deeply") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if try consume(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            if try consume(UInt8(ascii: "]")) { return .array(elements) }
            guard try consume(UInt8(ascii: ",")) else { throw failure("Expected ',' or ']'") }
            skipWhitespace()
            if try consume(UInt8(ascii: "]")) { return .array(elements) }  // a trailing comma
        }
    }

    private mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(DecodingError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("Unexpected end of JSON") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw failure("Unexpected character")
        }
        index += count
        return value
    }

    // MARK: - Numbers

    private mutating func parseNumber() throws(DecodingError) -> JSONValue {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let integerStart = index
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("Expected a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let integerEnd = index
        var significant = bytes[integerStart] != UInt8(ascii: "0")
        var whole = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            whole = false
            index += 1
            let fraction = index
            try skipDigits()
            significant = significant || bytes[fraction..<index].contains { $0 != UInt8(ascii: "0") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            whole = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            try skipDigits()
        }
        if whole, integerEnd - integerStart <= 18 {
            // At most 18 digits always fit in Int64.
            var magnitude: Int64 = 0
            for position in integerStart..<integerEnd { magnitude = magnitude * 10 + Int64(bytes[position] &- 0x30) }
            return .integer(negative ? -magnitude : magnitude)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if whole {
            if let value = Int64(text) { return .integer(value) }
            guard let big = JSONBigInteger(text) else { throw failure("Invalid number") }
            return .bigInteger(big)
        }
        // Like JSONDecoder, a number too large or too small for a Double (1e400, 1e-400) is an error.
        guard let value = Double(text), value.isFinite, value != 0 || !significant else {
            throw failure("Number out of range")
        }
        return .number(value)
    }

    private mutating func skipDigits() throws(DecodingError) {
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("Expected a digit") }
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: - Strings

    private mutating func parseString() throws(DecodingError) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try makeString(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("Unescaped control character in a string") }
            index += 1
        }
        var buffer = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try makeString(buffer)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case ..<0x20:
                throw failure("Unescaped control character in a string")
            default:
                buffer.append(byte)
                index += 1
            }
        }
        throw failure("Unterminated string")
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(DecodingError) {
        guard index + 1 < bytes.count else { throw failure("Unterminated string") }
        let code = bytes[index + 1]
        index += 2
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(code)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            guard let unit = hexUnit(at: index) else { throw failure("Invalid \\u escape") }
            index += 4
            var scalar = Unicode.Scalar(unit)
            if UTF16.isLeadSurrogate(unit), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                bytes[index + 1] == UInt8(ascii: "u"), let low = hexUnit(at: index + 2), UTF16.isTrailSurrogate(low)
            {
                index += 6
                scalar = Unicode.Scalar(0x10000 + (UInt32(unit) - 0xD800) << 10 + (UInt32(low) - 0xDC00))
            }
            // An unpaired half of a surrogate pair becomes U+FFFD.
            buffer.append(contentsOf: (scalar ?? "\u{FFFD}").utf8)
        default:
            throw failure("Invalid escape")
        }
    }

    /// The four hex digits at `position`, if there are four.
    private func hexUnit(at position: Int) -> UInt16? {
        HexDigits.unit(in: bytes, at: position)
    }

    private func makeString(_ utf8: some Collection<UInt8>) throws(DecodingError) -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else { throw failure("Invalid UTF-8 in a string") }
        return text
    }

    // MARK: - Helpers

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Consumes `byte` if it is next.
    private mutating func consume(_ byte: UInt8) throws(DecodingError) -> Bool {
        guard index < bytes.count else { throw failure("Unexpected end of JSON") }
        guard bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private func failure(_ message: String) -> DecodingError {
        DecodingError.dataCorrupted(
            DecodingError.Context(codingPath: [], debugDescription: "\(message) at byte \(index)")
        )
    }
}
