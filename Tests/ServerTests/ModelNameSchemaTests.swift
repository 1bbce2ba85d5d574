//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AI2AIServer

@Suite("The document says which model names and agent names the server accepts")
struct ModelNameSchemaTests {
    static let names = [
        "", "  ", "gpt-4o", "openai:gpt-4o", "OpenAI:gpt-4o", " openai:x ", "openai:", "openai: ", "openai:\n",
        "anthropic:claude", "ANTHROPIC:x", "foo:bar", ":x", "meta-llama/llama-3-8b:free", "llama3.2:3b", "\n",
        "a\tb", "ollama:llama3.2", "ollama:", "x/y", "openrouter:openai/gpt-4o", "\u{A0}openai:x", "my proxy:x",
    ]

    /// Registries with the default provider configured or not, Ollama or not.
    static var registries: [ModelRegistry] {
        var openAI = ModelRegistry(defaultProvider: "openai")
        openAI.register("openai", ScriptedModel())
        openAI.register("ollama", ScriptedModel())
        var noDefault = ModelRegistry(defaultProvider: "openrouter")
        noDefault.register("ollama", ScriptedModel())
        var ollama = ModelRegistry(defaultProvider: "ollama")
        ollama.register("ollama", ScriptedModel())
        ollama.register("openai", ScriptedModel())
        var ollamaMissing = ModelRegistry(defaultProvider: "ollama")
        ollamaMissing.register("anthropic", ScriptedModel())
        return [openAI, noDefault, ollama, ollamaMissing]
    }

    @Test("ModelName matches exactly the names ModelRegistry.resolve accepts (blank: the default model)")
    func modelNames() {
        for registry in Self.registries {
            let document = OpenAPIDocument.make(configuration: .testing, models: registry)
            let validator = SchemaValidator(document: document)
            let schema = validator.resolve("#/components/schemas/ModelName") ?? .null
            for name in Self.names {
                let blank = name.trimmingCharacters(in: .whitespaces).isEmpty
                let accepted = blank || (try? registry.resolve(name)) != nil
                let where_ = "default \(registry.defaultProvider), providers \(registry.providerNames)"
                let documented = validator.problems(.string(name), against: schema).isEmpty
                #expect(accepted == documented, "\(where_): \(name.debugDescription)")
                // The request bodies that name models use the schema.
                for (body, value) in [
                    ("CreateMultiAgentRequest", ["num_agents": 1, "agent_models": [.string(name)]] as JSONValue),
                    ("FeedbackRequest", ["context": "c", "question": "q", "model": .string(name)]),
                    (
                        "SessionFeedbackRequest",
                        ["session_id": "s", "context": "c", "question": "q", "model": .string(name)]
                    ),
                ] {
                    let bodySchema = validator.resolve("#/components/schemas/\(body)") ?? .null
                    let valid = validator.problems(value, against: bodySchema).isEmpty
                    #expect(valid == accepted, "\(where_): \(body) with \(name.debugDescription)")
                }
            }
        }
    }

    @Test("the schema of agent names accepts exactly the names the server accepts")
    func agentNames() async throws {
        let validator = SchemaValidator(document: OpenAPIDocument.make(configuration: .testing))
        let schema = try #require(validator.resolve("#/components/schemas/CreateMultiAgentRequest"))
        let names = [
            "Lead", "a b", "é", "0", " Lead", "Lead ", "\u{85}a", "a\u{85}", "\u{200B}a", "a\n", "\n", "", " ",
            "\u{3000}",
            "x\u{0}a", "\u{0}",
        ]
        try await TestHarness().run { client in
            for name in names {
                let body: JSONValue = ["num_agents": 1, "agent_names": [.string(name)]]
                let response = try await client.send(.post, "/multi-agent/create", json: body)
                let documented = validator.problems(body, against: schema).isEmpty
                #expect((response.status == .ok) == documented, "\(name.debugDescription): \(response.text)")
                if response.status != .ok {
                    #expect(response.detail?.hasPrefix("agent_names[0]") == true, "\(response.text)")
                }
            }
        }
    }
}
