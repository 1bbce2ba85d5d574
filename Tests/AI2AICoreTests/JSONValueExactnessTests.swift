//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import Testing

/// Integers of any size stay exact through parsing, `jsonString` and Codable; unpaired
/// surrogates become U+FFFD instead of failing the parse.
@Suite("JSONValue exactness")
struct JSONValueExactnessTests {
    @Test("an integer above 2^53 survives parsing and printing")
    func bigInteger() throws {
        let value = try JSONValue(parsing: #"{"id": 12345678901234567890}"#)
        #expect(value.jsonString == #"{"id":12345678901234567890}"#)
    }

    @Test("generated integers of every size print back as written")
    func generatedIntegers() throws {
        var generator = SeededGenerator(seed: 0x5EED_0007)
        for text in Self.integerTexts(using: &generator) {
            let value = try JSONValue(parsing: "[\(text),{\"n\":\(text)}]")
            #expect(value.jsonString == "[\(text),{\"n\":\(text)}]")
        }
    }

    @Test("JSONEncoder and JSONDecoder keep integers of up to 38 digits exact")
    func codableIntegers() throws {
        var generator = SeededGenerator(seed: 0x5EED_0038)
        for text in Self.integerTexts(using: &generator) where text.filter(\.isNumber).count <= 38 {
            let value = try JSONValue(parsing: "{\"n\":\(text)}")
            let data = try JSONEncoder.ai2ai.encode(value)
            #expect(String(decoding: data, as: UTF8.self) == "{\"n\":\(text)}")
            let decoded = try JSONDecoder.ai2ai.decode(JSONValue.self, from: data)
            #expect(decoded.jsonString == "{\"n\":\(text)}")
            #expect(decoded == value)
        }
    }

    @Test("fractions and exponents still print as before")
    func doubles() throws {
        let value = try JSONValue(parsing: "[1.5, 0.1, 1e20, -2.5e-7, 100, 1.0, -0]")
        #expect(value.jsonString == "[1.5,0.1,1e+20,-2.5e-07,100,1,0]")
    }

    @Test("unpaired surrogates become U+FFFD; pairs are joined")
    func surrogates() throws {
        #expect(try JSONValue(parsing: #""a\ud83d""#) == .string("a\u{FFFD}"))
        #expect(try JSONValue(parsing: #""\ude42b""#) == .string("\u{FFFD}b"))
        #expect(try JSONValue(parsing: #""\uD83D\uDE42""#) == .string("🙂"))
        #expect(try JSONValue(parsing: #""\ud83dx\ude42""#) == .string("\u{FFFD}x\u{FFFD}"))
        #expect(try JSONValue(parsing: #"{"\ud800":1}"#) == ["\u{FFFD}": 1])
    }

    /// Integers near the edges of Int64 and UInt64 and far beyond, with both signs.
    static func integerTexts(using generator: inout SeededGenerator) -> [String] {
        var texts = [
            "0", "-1", "9007199254740993", "-9007199254740993", "9223372036854775807", "-9223372036854775808",
            "9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
            "12345678901234567890", "99999999999999999999999999999999999999", "100000000000000000000000000000000000000",
            "-340282366920938463463374607431768211456",
        ]
        for _ in 0..<200 {
            let digits = Int.random(in: 1...60, using: &generator)
            var text = String(Int.random(in: 1...9, using: &generator))
            for _ in 1..<digits { text += String(Int.random(in: 0...9, using: &generator)) }
            texts.append(Bool.random(using: &generator) ? "-" + text : text)
        }
        return texts
    }
}

/// A deterministic generator (SplitMix64), so generated cases repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
