//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension JSONValue: Hashable {
    /// Whether two values are the same JSON value.
    ///
    /// Numbers compare by their exact value, whatever case holds them: `.integer(1)`,
    /// `.number(1.0)` and `.bigInteger(JSONBigInteger(1))` are equal, `.integer(2^53 + 1)` and
    /// `.number(2^53)` are not. Objects compare by their members, in any order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let left), .bool(let right)): left == right
        case (.string(let left), .string(let right)): left == right
        case (.array(let left), .array(let right)): left == right
        case (.object(let left), .object(let right)): left == right
        case (.number(let left), .number(let right)): left == right
        case (.integer(let left), .integer(let right)): left == right
        case (.bigInteger(let left), .bigInteger(let right)): left == right
        case (.integer(let small), .bigInteger(let big)), (.bigInteger(let big), .integer(let small)):
            big.int64Value == small
        case (.integer(let integer), .number(let number)), (.number(let number), .integer(let integer)):
            Int64(exactly: number) == integer
        case (.bigInteger(let big), .number(let number)), (.number(let number), .bigInteger(let big)):
            big.doubleValue == number && JSONBigInteger(exactly: number) == big
        default: false
        }
    }

    /// Hashes the value; equal numbers hash alike whatever case holds them.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null:
            hasher.combine(0)
        case .bool(let value):
            hasher.combine(1)
            hasher.combine(value)
        case .number, .integer, .bigInteger:
            // Equal numbers have the same nearest Double.
            hasher.combine(2)
            hasher.combine(doubleValue ?? 0)
        case .string(let value):
            hasher.combine(3)
            hasher.combine(value)
        case .array(let value):
            hasher.combine(4)
            hasher.combine(value)
        case .object(let value):
            hasher.combine(5)
            hasher.combine(value)
        }
    }
}
