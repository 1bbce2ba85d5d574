//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// A whole number of any size, kept as its exact decimal text: the value of a JSON integer that
/// does not fit in `Int64`, such as the id `12345678901234567890`.
///
/// ```swift
/// let id = JSONBigInteger("12345678901234567890")
/// id?.uint64Value  // 12345678901234567890
/// id?.description  // "12345678901234567890"
/// ```
public struct JSONBigInteger: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    /// The decimal text: an optional `-`, then digits without leading zeros (`0` for zero).
    public let description: String

    /// Reads decimal text: an optional `-`, then one or more ASCII digits (leading zeros are dropped).
    /// - Parameter description: The text, such as `12345678901234567890` or `-0042`.
    public init?(_ description: String) {
        var digits = Substring(description).utf8
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        let significant = digits.drop(while: { $0 == UInt8(ascii: "0") })
        if significant.isEmpty {
            self.description = "0"
        } else {
            self.description = (negative ? "-" : "") + String(Substring(significant))
        }
    }

    /// The exact value of a binary integer.
    /// - Parameter value: Any integer, such as an `Int64`, a `UInt64` or an `Int128`.
    public init(_ value: some BinaryInteger) {
        description = String(value)
    }

    /// The exact value of a whole, finite `Double` (every `Double` of magnitude 2^53 or more is whole).
    /// - Parameter value: The number; `nil` when it has a fraction or is not finite.
    public init?(exactly value: Double) {
        guard value.isFinite, value == value.rounded(.towardZero) else { return nil }
        if let small = Int64(exactly: value) {
            description = String(small)
            return
        }
        // |value| = significand × 2^shift, with a whole 53-bit significand and shift ≥ 11 here.
        let magnitude = value.magnitude
        var shift = Int(magnitude.exponent) - Double.significandBitCount
        var significand = (UInt64(1) << UInt64(Double.significandBitCount)) | magnitude.significandBitPattern
        let base: UInt64 = 1_000_000_000
        var limbs: [UInt64] = []  // base 10^9, least significant first
        while significand > 0 {
            limbs.append(significand % base)
            significand /= base
        }
        while shift > 0 {
            let step = UInt64(min(shift, 32))
            var carry: UInt64 = 0
            for index in limbs.indices {
                let product = (limbs[index] << step) + carry
                limbs[index] = product % base
                carry = product / base
            }
            while carry > 0 {
                limbs.append(carry % base)
                carry /= base
            }
            shift -= Int(step)
        }
        var text = value < 0 ? "-" : ""
        text += String(limbs.last ?? 0)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        description = text
    }

    /// Whether the number is below zero.
    public var isNegative: Bool { description.utf8.first == UInt8(ascii: "-") }

    /// The value, when it fits in `Int64`.
    public var int64Value: Int64? { Int64(description) }

    /// The value, when it fits in `UInt64`.
    public var uint64Value: UInt64? { UInt64(description) }

    /// The nearest `Double` (infinite beyond `Double`'s range).
    public var doubleValue: Double {
        Double(description) ?? (isNegative ? -.infinity : .infinity)
    }

    /// How many digits the number has.
    var digitCount: Int { description.utf8.count - (isNegative ? 1 : 0) }
}
