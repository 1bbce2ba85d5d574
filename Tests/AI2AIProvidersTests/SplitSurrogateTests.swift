//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import Testing

/// UTF-16 surrogate pairs cut across two deltas, as JavaScript servers send them when a delta
/// ends inside an emoji (`"a\ud83d"` then `"\ude42b"`).
///
/// The rule: the text of a channel (the answer's text, one tool call's argument text) is the
/// UTF-16 code units of all its deltas, joined, then decoded with every unpaired surrogate
/// replaced by U+FFFD, which is what `String(decoding:as: UTF16.self)` does.
@Suite("Split surrogate pairs")
struct SplitSurrogateTests {
    /// Where text arrives in a stream.
    enum Channel: String, CaseIterable, CustomTestStringConvertible {
        case openAIText, openRouterText, openAIArguments, anthropicText, anthropicArguments, ollamaText

        var testDescription: String { rawValue }

        var provider: String {
            switch self {
            case .openAIText, .openAIArguments: "openai"
            case .openRouterText: "openrouter"
            case .anthropicText, .anthropicArguments: "anthropic"
            case .ollamaText: "ollama"
            }
        }

        func body(_ literals: [String]) -> [UInt8] {
            switch self {
            case .openAIText, .openRouterText: StreamBodies.openAIText(literals)
            case .openAIArguments: StreamBodies.openAIArguments(literals)
            case .anthropicText: StreamBodies.anthropicText(literals)
            case .anthropicArguments: StreamBodies.anthropicArguments(literals)
            case .ollamaText: StreamBodies.ollamaText(literals)
            }
        }

        /// The channel's text in a decoded stream.
        func text(of result: ReplayResult) -> String? {
            switch self {
            case .openAIArguments, .anthropicArguments: result.response.toolCalls.first?.rawArguments
            default: result.response.text
            }
        }
    }

    private func decode(_ channel: Channel, _ literals: [String], split: Split = .random) -> ReplayResult {
        TestProviders.decode(provider: channel.provider, pieces: split.pieces(of: channel.body(literals)))
    }

    @Test("an emoji cut between two deltas is joined", arguments: Channel.allCases)
    func joined(_ channel: Channel) {
        for split in Split.allCases {
            let result = decode(channel, [#"a\ud83d"#, #"\ude42b"#], split: split)
            #expect(result.error == nil, "\(split): \(String(describing: result.error))")
            #expect(channel.text(of: result) == "a🙂b", "\(split)")
        }
    }

    @Test("upper-case escapes, and empty deltas between the halves", arguments: Channel.allCases)
    func upperCaseAndEmptyDeltas(_ channel: Channel) {
        let result = decode(channel, [#"x\uD83D"#, "", #"\uDE42"#, #"\u00e9"#])
        #expect(result.error == nil)
        #expect(channel.text(of: result) == "x🙂é")
    }

    @Test("the text deltas carry the whole text: the held half comes with the next delta")
    func deltas() {
        let result = decode(.openAIText, [#"a\ud83d"#, #"\ude42b"#])
        #expect(result.textDeltas == ["a", "🙂b"])
    }

    @Test("a truly lone surrogate becomes U+FFFD, wherever it is", arguments: Channel.allCases)
    func lone(_ channel: Channel) {
        let cases: [([String], String)] = [
            ([#"a\ud83d"#], "a\u{FFFD}"),  // a high half at the end of the stream
            ([#"\ude42b"#], "\u{FFFD}b"),  // a low half with nothing before it
            ([#"a\ud83d"#, "b"], "a\u{FFFD}b"),  // a high half not followed by a low one
            ([#"a\ud83dc\ude42d"#], "a\u{FFFD}c\u{FFFD}d"),  // inside one delta
            ([#"\ud83d\ud83d"#, #"\ude42"#], "\u{FFFD}🙂"),  // two high halves in a row
            ([#"\ude42\ude42"#], "\u{FFFD}\u{FFFD}"),
        ]
        for (literals, expected) in cases {
            let result = decode(channel, literals)
            #expect(result.error == nil, "\(literals): \(String(describing: result.error))")
            #expect(channel.text(of: result) == expected, "\(literals)")
        }
    }

    @Test("an escaped backslash before u is text, not a surrogate", arguments: Channel.allCases)
    func escapedBackslash(_ channel: Channel) {
        let result = decode(channel, [#"a\\ud83d"#, #"\\ude42b"#])
        #expect(result.error == nil)
        #expect(channel.text(of: result) == #"a\ud83d\ude42b"#)
    }

    @Test("a lone surrogate in another field becomes U+FFFD instead of failing the event")
    func otherFields() {
        let body = Array(
            (#"data: {"id":"c\ud800","model":"m\udfff","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}"#
                + "\n\ndata: [DONE]\n\n").utf8
        )
        let result = TestProviders.decode(provider: "openai", pieces: [body[...]])
        #expect(result.error == nil)
        #expect(result.response.text == "ok")
        #expect(result.response.id == "c\u{FFFD}")
        #expect(result.response.model == "m\u{FFFD}")
    }

    @Test("generated texts cut at every kind of place", arguments: Channel.allCases)
    func generated(_ channel: Channel) async {
        var generator = SeededGenerator(seed: 0x5EED_0006 &+ UInt64(channel.rawValue.utf8.count))
        for round in 0..<300 {
            await Task.yield()  // CPU-bound: let the timing-sensitive tests running alongside progress
            var units = Array(Self.randomText(using: &generator).utf16)
            if round % 3 == 0 {  // unpaired halves too
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let lone: UInt16 = [0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xD83D, 0xDE42].randomElement(
                        using: &generator
                    )!
                    units.insert(lone, at: Int.random(in: 0...units.count, using: &generator))
                }
            }
            let literals = Self.cut(units, using: &generator).map { Self.literal($0, using: &generator) }
            let expected = String(decoding: units, as: UTF16.self)
            let result = decode(channel, literals, split: round % 2 == 0 ? .random : .multibyte)
            #expect(result.error == nil, "\(literals): \(String(describing: result.error))")
            #expect(channel.text(of: result) == expected, "\(literals)")
            if channel != .openAIArguments, channel != .anthropicArguments {
                #expect(result.textDeltas.joined() == expected)
            }
        }
    }

    /// Random text with ASCII, JSON's special characters, two- and three-byte characters, emoji
    /// and a text that looks like an escape.
    static func randomText(using generator: inout SeededGenerator) -> String {
        let pieces = ["a", "b", " ", "\"", "\\", "\n", "é", "中", "🙂", "𝄞", "👍🏽", #"\ud83d"#, "/"]
        return (0..<Int.random(in: 1...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
            .joined()
    }

    /// Cuts code units into 1 to 5 deltas, some empty, often inside a surrogate pair.
    static func cut(_ units: [UInt16], using generator: inout SeededGenerator) -> [[UInt16]] {
        var cuts = Set(
            (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                Int.random(in: 0...units.count, using: &generator)
            }
        )
        if let pair = units.indices.dropFirst().first(where: { UTF16.isTrailSurrogate(units[$0]) }),
            Bool.random(using: &generator)
        {
            cuts.insert(pair)
        }
        var deltas: [[UInt16]] = []
        var start = 0
        for end in cuts.sorted() + [units.count] {
            deltas.append(Array(units[start..<end]))
            start = end
        }
        return deltas
    }

    /// The JSON string literal of code units, as a JavaScript server writes it: ASCII as is,
    /// `"` and `\` escaped, the rest as `\uXXXX` (in either case) or, for whole characters of
    /// the BMP, sometimes as UTF-8.
    static func literal(_ units: [UInt16], using generator: inout SeededGenerator) -> String {
        var text = ""
        for unit in units {
            switch unit {
            case 0x22: text += #"\""#
            case 0x5C: text += #"\\"#
            case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(unit)!)
            default:
                if let scalar = Unicode.Scalar(unit), Bool.random(using: &generator), unit >= 0x80 {
                    text.unicodeScalars.append(scalar)
                } else {
                    let hex = String(unit, radix: 16)
                    let padded = String(repeating: "0", count: 4 - hex.count) + hex
                    text += "\\u" + (Bool.random(using: &generator) ? padded.uppercased() : padded)
                }
            }
        }
        return text
    }
}
