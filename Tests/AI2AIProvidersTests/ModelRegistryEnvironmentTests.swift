//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import Testing

@Suite("Registry from the environment")
struct ModelRegistryEnvironmentTests {
    @Test("only Ollama is registered without keys; others explain which variable to set")
    func empty() throws {
        let registry = ModelRegistry.fromEnvironment([:])
        #expect(registry.providerNames == ["ollama"])
        #expect(registry.defaultProvider == "openrouter")
        #expect(registry.defaultModel == "openrouter:openai/gpt-4o-mini", "the standard model of the default provider")
        #expect(registry.feedbackModel == nil)
        for (spec, variable) in [
            ("openrouter:openai/gpt-4o", "OPENROUTER_API_KEY"), ("anthropic:claude-sonnet-4-5", "ANTHROPIC_API_KEY"),
            ("openai:gpt-4o", "OPENAI_API_KEY"), ("gpt-4o", "OPENROUTER_API_KEY"),
        ] {
            #expect {
                try registry.resolve(spec)
            } throws: { error in
                guard let error = error as? ProviderError else { return false }
                return error.kind == .configuration && error.message.contains(variable)
            }
        }
        let ollama = try registry.resolve("ollama:llama3.2:3b")
        #expect(ollama.providerName == "ollama")
        #expect(ollama.model == "llama3.2:3b")
        let configuration = try #require((ollama.provider as? OllamaProvider)?.configuration)
        #expect(configuration.baseURL == "http://localhost:11434")
    }

    @Test("without DEFAULT_MODEL, the default model is the default provider's standard model")
    func standardModels() {
        for (provider, model) in [
            ("openrouter", "openrouter:openai/gpt-4o-mini"), ("OpenAI", "openai:gpt-4o-mini"),
            ("anthropic", "anthropic:claude-sonnet-4-5"), ("ollama", "ollama:llama3.2"),
        ] {
            #expect(ModelRegistry.fromEnvironment(["DEFAULT_PROVIDER": provider]).defaultModel == model)
        }
        #expect(ModelRegistry.fromEnvironment(["DEFAULT_PROVIDER": "my-proxy"]).defaultModel == nil)
        #expect(ModelRegistry.fromEnvironment(["DEFAULT_MODEL": "ollama:qwen3"]).defaultModel == "ollama:qwen3")
    }

    @Test("keys, base URLs and defaults are read")
    func full() throws {
        let registry = ModelRegistry.fromEnvironment([
            "OPENROUTER_API_KEY": "or", "OPENROUTER_BASE_URL": "http://127.0.0.1:1/or",
            "OPENAI_API_KEY": "oa", "ANTHROPIC_API_KEY": "an", "ANTHROPIC_BASE_URL": "http://127.0.0.1:1/an",
            "OLLAMA_ENDPOINT": "http://127.0.0.1:2", "DEFAULT_PROVIDER": "Anthropic",
            "DEFAULT_MODEL": "claude-sonnet-4-5", "FEEDBACK_MODEL": "openrouter:anthropic/claude-3.5-sonnet",
        ])
        #expect(registry.providerNames == ["anthropic", "ollama", "openai", "openrouter"])
        #expect(registry.defaultProvider == "anthropic")
        #expect(registry.feedbackModel == "openrouter:anthropic/claude-3.5-sonnet")
        let bare = try registry.resolve("")
        #expect(bare.providerName == "anthropic")
        #expect(bare.model == "claude-sonnet-4-5")
        let anthropic = try #require(bare.provider as? AnthropicProvider)
        #expect(anthropic.configuration.baseURL == "http://127.0.0.1:1/an")
        #expect(anthropic.configuration.apiKey == "an")
        let router = try #require(
            try registry.resolve("openrouter:meta-llama/llama-3-8b-instruct:free").provider as? OpenAICompatibleProvider
        )
        #expect(router.configuration.baseURL == "http://127.0.0.1:1/or")
        #expect(router.configuration.name == "openrouter")
        let openAI = try #require(try registry.resolve("openai:gpt-4o").provider as? OpenAICompatibleProvider)
        #expect(openAI.configuration.baseURL == "https://api.openai.com/v1")
        #expect(openAI.configuration.maxTokensField == .maxCompletionTokens)
        let ollama = try #require(try registry.resolve("ollama:llama3.2").provider as? OllamaProvider)
        #expect(ollama.configuration.baseURL == "http://127.0.0.1:2")
    }

    @Test("OpenAI is registered for a compatible server without a key")
    func openAIWithoutKey() throws {
        let registry = ModelRegistry.fromEnvironment([
            "OPENAI_BASE_URL": "http://127.0.0.1:8080/v1", "OPENAI_API_KEY": " ",
        ])
        let provider = try #require(try registry.resolve("openai:local-model").provider as? OpenAICompatibleProvider)
        #expect(provider.configuration.apiKey == nil)
        #expect(provider.configuration.baseURL == "http://127.0.0.1:8080/v1")
        #expect(provider.configuration.maxTokensField == .maxTokens)
    }

    @Test("makeProvider: explicit values win; unknown names need a base URL")
    func makeProvider() throws {
        let provider = try ModelRegistry.makeProvider(
            named: "OpenRouter",
            environment: ["OPENROUTER_API_KEY": "env"],
            apiKey: "explicit",
            baseURL: "http://127.0.0.1:3/v1"
        )
        let router = try #require(provider as? OpenAICompatibleProvider)
        #expect(router.configuration.apiKey == "explicit")
        #expect(router.configuration.baseURL == "http://127.0.0.1:3/v1")
        #expect(throws: ProviderError.self) { try ModelRegistry.makeProvider(named: "vllm", environment: [:]) }
        let custom = try ModelRegistry.makeProvider(named: "vllm", environment: [:], baseURL: "http://127.0.0.1:4/v1")
        #expect((custom as? OpenAICompatibleProvider)?.configuration.name == "vllm")
    }

    @Test("AI2AI_MODEL_CONNECT_TIMEOUT_SECONDS, _IDLE_ and AI2AI_MODEL_TIMEOUT_SECONDS set every provider's timeouts")
    func modelTimeouts() throws {
        #expect(try ProviderTimeouts(environment: [:]) == ProviderTimeouts())
        #expect(ProviderTimeouts().idle == .seconds(120))
        #expect(ProviderTimeouts().total == .seconds(600))
        let environment = [
            "AI2AI_MODEL_IDLE_TIMEOUT_SECONDS": "5", "AI2AI_MODEL_TIMEOUT_SECONDS": "30.5",
            "OPENROUTER_API_KEY": "k", "ANTHROPIC_API_KEY": "k", "OPENAI_API_KEY": "k",
        ]
        let timeouts = try ProviderTimeouts(environment: environment)
        #expect(timeouts.idle == .seconds(5))
        #expect(timeouts.total == .milliseconds(30_500))
        #expect(timeouts.connect == .seconds(10))
        #expect(
            try ProviderTimeouts(environment: ["AI2AI_MODEL_CONNECT_TIMEOUT_SECONDS": "45"]).connect == .seconds(45)
        )
        #expect(throws: ProviderError.self) {
            try ProviderTimeouts(environment: ["AI2AI_MODEL_CONNECT_TIMEOUT_SECONDS": "0"])
        }
        let registry = ModelRegistry.fromEnvironment(environment)
        let configured: [ProviderTimeouts?] = try ["openrouter:m", "openai:m", "anthropic:m", "ollama:m"].map { spec in
            switch try registry.resolve(spec).provider {
            case let provider as OpenAICompatibleProvider: provider.configuration.timeouts
            case let provider as AnthropicProvider: provider.configuration.timeouts
            case let provider as OllamaProvider: provider.configuration.timeouts
            default: nil
            }
        }
        #expect(configured == Array(repeating: timeouts, count: 4))

        for bad in ["0", "-1", "soon", "nan"] {
            #expect {
                try ProviderTimeouts(environment: ["AI2AI_MODEL_TIMEOUT_SECONDS": bad])
            } throws: { error in
                guard let error = error as? ProviderError else { return false }
                return error.kind == .configuration && error.message.contains("AI2AI_MODEL_TIMEOUT_SECONDS")
            }
        }
        #expect(throws: ProviderError.self) {
            try ModelRegistry.makeProvider(named: "ollama", environment: ["AI2AI_MODEL_IDLE_TIMEOUT_SECONDS": "x"])
        }
    }
}
