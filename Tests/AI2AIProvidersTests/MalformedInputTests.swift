//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import Foundation
import NIOCore
import Testing

/// Damaged bodies never crash a decoder: they give events, or a ProviderError of a known kind.
@Suite("Malformed input")
struct MalformedInputTests {
    static let kinds: Set<String> = [
        "decoding", "stream_interrupted", "server", "bad_request", "overloaded", "rate_limited",
        "authentication", "permission", "not_found", "timeout",
    ]

    @Test("mutated conformance bodies", arguments: ConformanceCase.allNames)
    func mutatedBodies(_ path: String) throws {
        let fixture = try ConformanceCase.load(path)
        var generator = SeededGenerator(seed: path.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) })
        for variant in 0..<4 {
            var body = fixture.body
            guard !body.isEmpty else { continue }
            switch variant {
            case 0:  // flip random bytes
                for _ in 0..<16 {
                    body[Int.random(in: 0..<body.count, using: &generator)] = UInt8.random(
                        in: 0...255,
                        using: &generator
                    )
                }
            case 1:  // cut anywhere
                body = Array(body.prefix(Int.random(in: 0..<body.count, using: &generator)))
            case 2:  // drop a random slice
                let start = Int.random(in: 0..<body.count, using: &generator)
                body.removeSubrange(start..<min(body.count, start + Int.random(in: 1...64, using: &generator)))
            default:  // random bytes only
                body = (0..<512).map { _ in UInt8.random(in: 0...255, using: &generator) }
            }
            for provider in ["openai", "anthropic", "ollama"] {
                let result = TestProviders.decode(provider: provider, pieces: Split.random.pieces(of: body))
                if let error = result.error {
                    #expect(Self.kinds.contains(error.kind.description), "\(provider) variant \(variant): \(error)")
                }
            }
            _ = OpenAICompatibleProvider.decodeCompletion(ByteBuffer(bytes: body)) as ModelResponse?
        }
    }
}

extension OpenAICompatibleProvider {
    /// Decodes a completion, turning a thrown error into nil (the point is that nothing traps).
    fileprivate static func decodeCompletion(_ body: ByteBuffer) -> ModelResponse? {
        let openAI = try? decodeCompletion(body, provider: "openai")
        let anthropic = try? AnthropicProvider.decodeMessage(body)
        let ollama = try? OllamaProvider.decodeChat(body)
        return openAI ?? anthropic ?? ollama
    }
}
