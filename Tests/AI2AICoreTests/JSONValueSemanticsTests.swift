//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import Testing

/// The number cases of `JSONValue`, its equality, and its reader's strictness.
@Suite("JSONValue semantics")
struct JSONValueSemanticsTests {
    @Test("how each number literal is held")
    func numberCases() throws {
        #expect(try JSONValue(parsing: "42") == .integer(42))
        if case .integer(let value) = try JSONValue(parsing: "-9223372036854775808") {
            #expect(value == .min)
        } else {
            Issue.record("Int64.min is an integer")
        }
        guard case .bigInteger(let big) = try JSONValue(parsing: "12345678901234567890") else {
            Issue.record("beyond Int64 is a big integer")
            return
        }
        #expect(big.description == "12345678901234567890")
        #expect(big.uint64Value == 12_345_678_901_234_567_890)
        #expect(big.int64Value == nil)
        for text in ["1.0", "1e2", "1E2", "-0.5", "1e-7"] {
            guard case .number = try JSONValue(parsing: text) else {
                Issue.record("\(text) has a fraction or an exponent, so it is a Double")
                continue
            }
        }
        #expect(try JSONValue(parsing: "-0") == .integer(0))
    }

    @Test("numbers compare and hash by value, whatever case holds them")
    func numericEquality() throws {
        let one: [JSONValue] = [.integer(1), .number(1.0), .bigInteger(JSONBigInteger(1)), 1, 1.0]
        for left in one {
            for right in one {
                #expect(left == right)
                #expect(left.hashValue == right.hashValue)
            }
        }
        #expect(JSONValue.integer(9_007_199_254_740_993) != .number(9_007_199_254_740_992))
        #expect(JSONValue.integer(9_007_199_254_740_992) == .number(9_007_199_254_740_992))
        let twoTo64 = try JSONValue(parsing: "18446744073709551616")
        #expect(twoTo64 == .number(18_446_744_073_709_551_616.0))
        #expect(twoTo64.hashValue == JSONValue.number(18_446_744_073_709_551_616.0).hashValue)
        #expect(try JSONValue(parsing: "18446744073709551617") != .number(18_446_744_073_709_551_616.0))
        #expect(JSONValue.integer(1) != .string("1"))
        #expect(JSONValue.integer(0) != .bool(false))
        #expect(Set<JSONValue>([.integer(3), .number(3), .bigInteger(JSONBigInteger(3))]).count == 1)
        #expect(try JSONValue(parsing: #"{"a":[1,2.5]}"#) == ["a": [.number(1), 2.5]])
    }

    @Test("accessors read any number")
    func accessors() throws {
        let value = try JSONValue(parsing: #"{"i":7,"d":2.5,"w":3.0,"b":12345678901234567890,"s":"7"}"#)
        #expect(value["i"]?.intValue == 7)
        #expect(value["w"]?.intValue == 3)
        #expect(value["d"]?.intValue == nil)
        #expect(value["b"]?.intValue == nil)
        #expect(value["s"]?.intValue == nil)
        #expect(value["d"]?.doubleValue == 2.5)
        #expect(value["b"]?.doubleValue == 12_345_678_901_234_567_890.0)
        #expect(JSONValue(UInt64.max) == .bigInteger(JSONBigInteger(UInt64.max)))
        #expect(JSONValue(Int8(-3)) == .integer(-3))
    }

    @Test("JSONBigInteger reads, normalises and converts exactly")
    func bigIntegers() {
        #expect(JSONBigInteger("-0042")?.description == "-42")
        #expect(JSONBigInteger("-000")?.description == "0")
        #expect(JSONBigInteger("") == nil)
        #expect(JSONBigInteger("-") == nil)
        #expect(JSONBigInteger("1.5") == nil)
        #expect(JSONBigInteger("+1") == nil)
        #expect(JSONBigInteger(exactly: 1.5) == nil)
        #expect(JSONBigInteger(exactly: .infinity) == nil)
        #expect(JSONBigInteger(exactly: 0x1p64)?.description == "18446744073709551616")
        #expect(JSONBigInteger(exactly: -0x1p70)?.description == "-1180591620717411303424")
        let largest = JSONBigInteger(exactly: .greatestFiniteMagnitude)?.description ?? ""
        #expect(largest.count == 309)
        #expect(largest.hasPrefix("17976931348623157081452742373170435679807056752584499659891747680315726078"))
        #expect(largest.hasSuffix("858368"))
        var generator = SeededGenerator(seed: 0xB16)
        for _ in 0..<500 {
            let value = Double(
                sign: .plus,
                exponentBitPattern: UInt.random(in: 1086...2046, using: &generator),
                significandBitPattern: UInt64.random(in: 0..<(1 << 52), using: &generator)
            )
            let big = JSONBigInteger(exactly: value)
            #expect(big?.doubleValue == value)
        }
    }

    @Test("integers written as they were read, objects with sorted keys, strings escaped as JSONEncoder does")
    func writing() throws {
        let text =
            #"{"b":[true,false,null],"a":"q\"\\/\n\r\t\b\f\u0001 é🙂","c":{"z":-12345678901234567890123,"y":0.25}}"#
        let value = try JSONValue(parsing: text)
        #expect(
            value.jsonString
                == #"{"a":"q\"\\/\n\r\t\b\f\u0001 é🙂","b":[true,false,null],"c":{"y":0.25,"z":-12345678901234567890123}}"#
        )
        let plain = try JSONValue(parsing: #"{"b":[true,false,null],"a":"q\"\\/\n\r\t\b\f\u0001 é🙂","c":{"y":0.25}}"#)
        let foundation = String(decoding: try JSONEncoder.ai2ai.encode(plain), as: UTF8.self)
        #expect(foundation == plain.jsonString)
        #expect(JSONValue.number(.nan).jsonString == "null")
        #expect(JSONValue.array([.number(.infinity), 1]).jsonString == "[null,1]")
    }

    @Test(
        "the reader is as strict as JSONDecoder",
        arguments: [
            "", " ", "[,]", "[1,,]", "{,}", "01", "-", "1.", ".5", "1e", "+1", "[1 2]", "{\"a\" 1}", "{a:1}",
            "'a'", "\"\t\"", "\"\\x\"", "\"\\u12\"", "\"abc", "[", "{", "nul", "truee", "NaN", "Infinity", "1e999",
            "[1]x", "/* c */ 1", "\"\u{0}\"", "-01",
        ]
    )
    func rejects(_ text: String) {
        #expect(throws: DecodingError.self) { try JSONValue(parsing: text) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
    }

    @Test("a number that underflows a Double is out of range, as for JSONDecoder's Double")
    func underflow() throws {
        #expect(throws: DecodingError.self) { try JSONValue(parsing: "1e-400") }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Double.self, from: Data("1e-400".utf8)) }
        #expect(try JSONValue(parsing: "0.000e-400") == .number(0))
    }

    @Test("JSONDecoder's leniencies are kept: one trailing comma, a byte order mark")
    func leniencies() throws {
        for text in ["[1,]", "{\"a\":1 ,}", "\u{FEFF}[1]", "[1]\n"] {
            #expect(try JSONValue(parsing: text) == JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))
        }
    }

    @Test("invalid UTF-8 and nesting past 512 levels are rejected; 512 levels are read")
    func limits() throws {
        #expect(throws: DecodingError.self) { try JSONValue(parsing: Data([0x22, 0xFF, 0x22])) }
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try JSONValue(parsing: deep).jsonString == deep)
        let deeper = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: DecodingError.self) { try JSONValue(parsing: deeper) }
    }

    @Test("generated documents read the same as with JSONDecoder, apart from integer exactness")
    func differential() throws {
        var generator = SeededGenerator(seed: 0xD1FF)
        for _ in 0..<300 {
            let value = Self.randomValue(depth: 0, using: &generator)
            let data = try JSONEncoder.ai2ai.encode(value)
            let ours = try JSONValue(parsing: data)
            let theirs = try JSONDecoder.ai2ai.decode(JSONValue.self, from: data)
            #expect(ours == value)
            #expect(ours == theirs)
            #expect(ours.jsonString == String(decoding: data, as: UTF8.self))
        }
    }

    static func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0...(depth > 3 ? 5 : 7), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(Int64.random(in: .min ... .max, using: &generator))
        case 3: return .number(Double.random(in: -1e6...1e6, using: &generator))
        case 4: return .number(Double(Int.random(in: -100...100, using: &generator)) / 8)
        case 5:
            let characters = ["a", "\"", "\\", "/", "\n", "\u{1}", "é", "🙂", " ", "\u{7f}", "\u{2028}"]
            return .string(
                (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                    characters.randomElement(using: &generator)!
                }.joined()
            )
        case 6:
            return .array(
                (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                    randomValue(depth: depth + 1, using: &generator)
                }
            )
        default:
            var members: [String: JSONValue] = [:]
            for index in 0..<Int.random(in: 0...4, using: &generator) {
                members["k\(index)\(["", "é", "A", "_"].randomElement(using: &generator)!)"] = randomValue(
                    depth: depth + 1,
                    using: &generator
                )
            }
            return .object(members)
        }
    }
}
