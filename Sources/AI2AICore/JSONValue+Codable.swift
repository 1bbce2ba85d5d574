//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

extension JSONValue: Codable {
    /// The most digits an integer may have to pass exactly through Foundation's coders, which
    /// write and read large integers as `Decimal`.
    static let decimalDigits = 38

    /// Decodes any JSON value from another decoder (such as Foundation's `JSONDecoder`).
    ///
    /// Other decoders do not say how a number was written, so a whole number becomes `.integer`
    /// or `.bigInteger` by its value (`JSONDecoder` reads `1.0` as the integer 1): exactly when
    /// it fits in `Int64` or `UInt64`, or has at most 38 digits; a larger one becomes the nearest
    /// `.number`. `init(parsing:)` reads any integer exactly.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(UInt64.self) {
            self = .bigInteger(JSONBigInteger(value))
        } else if let value = try? container.decode(Double.self) {
            self = Self.decodedNumber(value, from: container)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Not a JSON value")
        }
    }

    /// A number that is neither an `Int64` nor a `UInt64`: a whole one of at most 38 digits is
    /// read again as a `Decimal` (which `JSONDecoder` parses from the digits) to keep it exact.
    private static func decodedNumber(_ value: Double, from container: any SingleValueDecodingContainer) -> JSONValue {
        guard value.isFinite, value.rounded() == value, value.magnitude >= 0x1p63, value.magnitude <= 1e38,
            let decimal = try? container.decode(Decimal.self),
            let big = JSONBigInteger(decimal.description), big.digitCount <= decimalDigits
        else { return .number(value) }
        return .bigInteger(big)
    }

    /// Encodes the value. Integers are written exactly; a `.bigInteger` of more than 38 digits
    /// is written as the nearest `Double` (``jsonString`` writes any integer exactly).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .integer(let value): try container.encode(value)
        case .bigInteger(let value):
            if let unsigned = value.uint64Value {
                try container.encode(unsigned)
            } else if value.digitCount <= Self.decimalDigits, let decimal = Decimal(string: value.description),
                decimal.description == value.description
            {
                try container.encode(decimal)
            } else {
                try container.encode(value.doubleValue)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
