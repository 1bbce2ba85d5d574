//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation
import NIOCore
import Testing

@testable import AI2AIProviders

/// The stream parsers' fast paths (a byte scanner for the common text-delta shapes) against the
/// Codable path, which is the reference: whenever a fast path reads an event, `JSONDecoder`
/// must read it too and give the same value, and a whole stream must give the same events.
@Suite("Fast path equivalence")
struct FastPathEquivalenceTests {
    // MARK: - The conformance corpus

    @Test("every event of the corpus: the fast path agrees with JSONDecoder", arguments: ConformanceCase.allNames)
    func corpusEvents(_ path: String) throws {
        let fixture = try ConformanceCase.load(path)
        for payload in Self.payloads(of: fixture) {
            try Self.checkAgreement(provider: fixture.provider, payload)
        }
    }

    @Test("the fast path reads most text deltas of the corpus")
    func corpusCoverage() throws {
        var fast: [String: Int] = [:]
        for path in ConformanceCase.streamNames {
            let fixture = try ConformanceCase.load(path)
            for payload in Self.payloads(of: fixture) where Self.fastDecodes(provider: fixture.provider, payload) {
                fast[fixture.provider, default: 0] += 1
            }
        }
        // Counted on the corpus when the fast path was written; a change of shape that sends the
        // common deltas back to JSONDecoder fails here.
        #expect(fast["openai", default: 0] > 2500)
        #expect(fast["openrouter", default: 0] > 90)
        #expect(fast["anthropic", default: 0] > 150)
        #expect(fast["ollama", default: 0] > 300)
    }

    @Test(
        "every stream of the corpus gives the same events with and without the fast path",
        arguments: ConformanceCase.streamNames,
        [Split.whole, .random]
    )
    func corpusStreams(_ path: String, split: Split) throws {
        let fixture = try ConformanceCase.load(path)
        let pieces = split.pieces(of: fixture.body)
        let fast = TestProviders.decode(provider: fixture.provider, pieces: pieces, fastPath: true)
        let reference = TestProviders.decode(provider: fixture.provider, pieces: pieces, fastPath: false)
        #expect(fast.events == reference.events)
        #expect(fast.error?.kind == reference.error?.kind)
        #expect(fast.error?.message == reference.error?.message)
    }

    // MARK: - Generated edge cases

    /// Pieces of string content, as JSON source: escapes, surrogate pairs in either case, lone
    /// halves, non-ASCII UTF-8, and characters that look like syntax.
    static let fragments: [String] = [
        "a", "Hello", " ", "é", "数据", "🚀", "\u{2028}", #"\n"#, #"\""#, #"\\"#, #"\/"#, #"\t"#, #"\r"#, #"\b"#,
        #"\f"#, #"\u00e9"#, #"\u00E9"#, #"\u0000"#, #"\u001f"#, #"\u2028"#, #"\ud83d\ude80"#, #"\uD83D\uDE80"#,
        #"\ud83d"#, #"\ude80"#, #"\\ud83d"#, "{", "}", "[", "]", ",", ":", "null", #"\u"#, #"\x"#, "\u{7f}",
    ]

    /// A deterministic list of generated contents.
    static let contents: [String] = {
        var generator = SeededGenerator(seed: 15)
        var contents = [""] + fragments
        for _ in 0..<400 {
            let count = Int.random(in: 1...6, using: &generator)
            contents.append((0..<count).map { _ in fragments.randomElement(using: &generator) ?? "" }.joined())
        }
        return contents
    }()

    @Test("generated OpenAI chunks", arguments: [" ", "", "\n", "\t ", "\r\n"])
    func generatedOpenAI(_ space: String) throws {
        for (offset, content) in Self.contents.enumerated() {
            for text in Self.openAIChunks(content, space: space, variant: offset) {
                try Self.checkAgreement(provider: "openai", Array(text.utf8))
            }
        }
    }

    @Test("generated Anthropic payloads", arguments: [" ", "", "\n", "\t ", "\r\n"])
    func generatedAnthropic(_ space: String) throws {
        for (offset, content) in Self.contents.enumerated() {
            for text in Self.anthropicPayloads(content, space: space, variant: offset) {
                try Self.checkAgreement(provider: "anthropic", Array(text.utf8))
            }
        }
    }

    @Test("generated Ollama lines", arguments: [" ", "", "\t "])
    func generatedOllama(_ space: String) throws {
        for (offset, content) in Self.contents.enumerated() {
            for text in Self.ollamaLines(content, space: space, variant: offset) {
                try Self.checkAgreement(provider: "ollama", Array(text.utf8))
            }
        }
        // Invalid UTF-8 inside a string is left to JSONDecoder.
        let invalid =
            Array(#"{"model":"m","message":{"content":""#.utf8) + [0xC3, 0x28] + Array(#""},"done":false}"#.utf8)
        #expect(!Self.fastDecodes(provider: "ollama", invalid))
    }

    @Test(
        "generated streams give the same events with and without the fast path",
        arguments: ["openai", "anthropic", "ollama"]
    )
    func generatedStreams(_ provider: String) throws {
        // Consecutive deltas, so that a surrogate pair split between two of them is joined (or not)
        // the same way on both paths.
        var generator = SeededGenerator(seed: 2026)
        for round in 0..<60 {
            let deltas = (0..<8).map { _ in Self.contents.randomElement(using: &generator) ?? "" }
            let body = Self.streamBody(provider, deltas, variant: round)
            let pieces = Split.random.pieces(of: Array(body.utf8))
            let fast = TestProviders.decode(provider: provider, pieces: pieces, fastPath: true)
            let reference = TestProviders.decode(provider: provider, pieces: pieces, fastPath: false)
            #expect(fast.events == reference.events, "\(deltas)")
            #expect(fast.error?.message == reference.error?.message, "\(deltas)")
        }
    }

    @Test("shapes the fast path reads, and shapes it leaves to JSONDecoder")
    func shapes() {
        let common = #"{"id":"c","object":"chat.completion.chunk","created":1770933892,"model":"m","#
        let read = [
            common + #""choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}]}"#,
            common + #""choices":[{"delta":{"content":null,"role":"assistant"},"index":0}],"usage":null}"#,
            #" { "choices" : [ { "index" : 0 , "delta" : { "content" : "a\"b\\c\/d\n\u00e9\ud83d\ude80" } } ] } "#,
            common + #""choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
        ]
        for text in read { #expect(Self.fastDecodes(provider: "openai", Array(text.utf8)), "\(text)") }
        let left = [
            common + #""choices":[{"index":1,"delta":{"content":"Hi"}}]}"#,
            common + #""choices":[{"index":0,"delta":{"content":"Hi"}},{"index":1,"delta":{"content":"Hi"}}]}"#,
            common + #""choices":[{"index":0,"delta":{"tool_calls":[]}}]}"#,
            common + #""choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}"#,
            common + #""choices":[{"index":0,"delta":{"content":"a\ud83d"}}]}"#,
            common + #""choices":[{"index":0,"delta":{"content":"\ude80b"}}]}"#,
            common + #""choices":[{"index":0,"delta":{"content":"Hi","extra":1}}]}"#,
            common + #""choices":[{"index":0,"delta":{"content":"Hi","content":"Ho"}}]}"#,
            common + #""choices":[{"index":0,"delta":{"content":"Hi"}}],"error":{"message":"x"}}"#,
            #"{"id":"c","created":123456789012345678901234567890,"choices":[{"index":0,"delta":{"content":"a"}}]}"#,
            #"{"id":"c","created":1.5,"choices":[{"index":0,"delta":{"content":"a"}}]}"#,
            #"{"id":7,"choices":[{"index":0,"delta":{"content":"a"}}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"a"}}]} x"#,
            #"{"choices":[{"index":0,"delta":{"content":"a"}}],}"#,
            #"{"choices":[{"index":00,"delta":{"content":"a"}}]}"#,
            #"{"ch\u006fices":[{"index":0,"delta":{"content":"a"}}]}"#,
        ]
        for text in left { #expect(!Self.fastDecodes(provider: "openai", Array(text.utf8)), "\(text)") }
        #expect(
            Self.fastDecodes(
                provider: "anthropic",
                Array(#"{"type":"content_block_delta","index":12,"delta":{"type":"text_delta","text":"x"}}"#.utf8)
            )
        )
        #expect(
            !Self.fastDecodes(
                provider: "anthropic",
                Array(#"{"type":"content_block_delta","index":-1,"delta":{"type":"text_delta","text":"x"}}"#.utf8)
            )
        )
        #expect(
            !Self.fastDecodes(provider: "ollama", Array(#"{"model":"m","message":{"content":"x"},"done":true}"#.utf8))
        )
    }

    // MARK: - Helpers

    /// Checks that when the fast path reads `payload`, JSONDecoder reads it too, to the same value.
    static func checkAgreement(provider: String, _ payload: [UInt8]) throws {
        let text = String(decoding: payload, as: UTF8.self)
        switch provider {
        case "anthropic":
            guard
                let fast = payload.withUnsafeBufferPointer({
                    AnthropicStreamEvent.fastDecode($0, isValidUTF8: Self.isUTF8(payload))
                })
            else { return }
            let reference = try JSONDecoder().decode(AnthropicStreamEvent.self, from: Data(payload))
            #expect(fast == reference, "\(text)")
        case "ollama":
            guard let fast = payload.withUnsafeBufferPointer({ OllamaChatLine.fastDecode($0) }) else { return }
            let reference = try JSONDecoder().decode(OllamaChatLine.self, from: Data(payload))
            #expect(fast == reference, "\(text)")
        default:
            guard
                let fast = payload.withUnsafeBufferPointer({
                    OpenAIChatChunk.fastDecode($0, isValidUTF8: Self.isUTF8(payload))
                })
            else { return }
            let reference = try JSONDecoder().decode(OpenAIChatChunk.self, from: Data(payload))
            #expect(fast == reference, "\(text)")
        }
    }

    /// Whether `payload` is valid UTF-8, as the SSE parsers' input always is (it comes from a
    /// `String`); the fast path then skips validation.
    static func isUTF8(_ payload: [UInt8]) -> Bool {
        String(validating: payload, as: UTF8.self) != nil
    }

    static func fastDecodes(provider: String, _ payload: [UInt8]) -> Bool {
        switch provider {
        case "anthropic":
            payload.withUnsafeBufferPointer { AnthropicStreamEvent.fastDecode($0, isValidUTF8: Self.isUTF8(payload)) }
                != nil
        case "ollama": payload.withUnsafeBufferPointer { OllamaChatLine.fastDecode($0) } != nil
        default:
            payload.withUnsafeBufferPointer { OpenAIChatChunk.fastDecode($0, isValidUTF8: Self.isUTF8(payload)) } != nil
        }
    }

    /// The payloads a parser receives from a body: SSE `data` (trimmed as the parsers trim it) or
    /// NDJSON lines.
    static func payloads(of fixture: ConformanceCase) -> [[UInt8]] {
        if fixture.provider == "ollama" {
            var lines = NDJSONDecoder()
            return (lines.feed(fixture.body) + lines.finish()).map { Array($0) }
        }
        var sse = SSEDecoder()
        return sse.feed(fixture.body).map { Array($0.data.trimmedForParsing.utf8) }
    }
}
