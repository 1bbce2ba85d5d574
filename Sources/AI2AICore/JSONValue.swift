//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

/// Any JSON value: used for tool-call arguments and JSON Schemas.
///
/// Integers stay exact: a number written without a fraction or an exponent is `.integer` when it
/// fits in `Int64`, else `.bigInteger` with its exact digits; other numbers are `.number`. Values
/// compare as JSON numbers do, whatever case holds them (`.integer(1) == .number(1.0)`), and
/// objects keep their keys sorted when encoded, so the same value always encodes to the same bytes.
///
/// ```swift
/// let arguments = try JSONValue(parsing: #"{"id": 12345678901234567890, "limit": 10}"#)
/// arguments["limit"]?.intValue  // 10
/// arguments.jsonString          // {"id":12345678901234567890,"limit":10}
/// ```
public enum JSONValue: Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number with a fraction or an exponent (`1.5`, `2e10`), or any number built from a `Double`.
    case number(Double)
    /// A whole number written without a fraction or an exponent, in `Int64`'s range.
    case integer(Int64)
    /// A whole number written without a fraction or an exponent, outside `Int64`'s range, kept exactly.
    case bigInteger(JSONBigInteger)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// An integer, exactly: `.integer` when it fits in `Int64`, else `.bigInteger`.
    /// - Parameter integer: Any integer, such as an `Int`, a `UInt64` or an `Int128`.
    public init(_ integer: some BinaryInteger) {
        if let small = Int64(exactly: integer) {
            self = .integer(small)
        } else {
            self = .bigInteger(JSONBigInteger(integer))
        }
    }

    /// Parses JSON text (RFC 8259, any value at the top level).
    ///
    /// Integers are kept exact; an escaped UTF-16 surrogate without its other half (`"\ud83d"`)
    /// becomes U+FFFD. Objects with a repeated key keep the last value.
    /// - Parameter text: JSON text.
    /// - Throws: `DecodingError` when the text is not JSON.
    public init(parsing text: String) throws {
        var text = text
        self = try text.withUTF8 { try JSONParser.parse($0) }
    }

    /// Parses JSON bytes (UTF-8), as the text initializer does.
    /// - Parameter data: JSON bytes.
    /// - Throws: `DecodingError` when the bytes are not JSON.
    public init(parsing data: Data) throws {
        self = try data.withUnsafeBytes { try JSONParser.parse($0.assumingMemoryBound(to: UInt8.self)) }
    }

    /// The compact JSON text of the value, with sorted keys and exact integers.
    ///
    /// The same value always gives the same text. A `.number` that is not finite (possible only
    /// for values built in code) is written as `null`.
    public var jsonString: String {
        var writer = JSONWriter()
        writer.write(self)
        return String(decoding: writer.output, as: UTF8.self)
    }

    /// The string, when the value is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number as an `Int`, when the value is a whole number that fits.
    public var intValue: Int? {
        int64Value.flatMap { Int(exactly: $0) }
    }

    /// The number as an `Int64`, when the value is a whole number that fits.
    public var int64Value: Int64? {
        switch self {
        case .integer(let value): value
        case .bigInteger(let value): value.int64Value
        case .number(let value): Int64(exactly: value)
        default: nil
        }
    }

    /// The number as a `Double` (the nearest one for a large integer), when the value is a number.
    public var doubleValue: Double? {
        switch self {
        case .number(let value): value
        case .integer(let value): Double(value)
        case .bigInteger(let value): value.doubleValue
        default: nil
        }
    }

    /// The members, when the value is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The elements, when the value is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The member named `key`, when the value is an object that has it.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(Int64(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
