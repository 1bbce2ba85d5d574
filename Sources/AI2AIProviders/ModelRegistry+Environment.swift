//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import Foundation
public import Logging

extension ModelRegistry {
    /// A registry configured from environment variables.
    ///
    /// | variable | effect |
    /// |---|---|
    /// | `OPENROUTER_API_KEY`, `OPENROUTER_BASE_URL` | registers `openrouter` when the key is set |
    /// | `OPENAI_API_KEY`, `OPENAI_BASE_URL` | registers `openai` when either is set (a local compatible server may need no key) |
    /// | `ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL` | registers `anthropic` when the key is set |
    /// | `OLLAMA_ENDPOINT`, `OLLAMA_API_KEY` | `ollama` is always registered (default `http://localhost:11434`) |
    /// | `DEFAULT_PROVIDER` | the provider of bare model names (default `openrouter`) |
    /// | `DEFAULT_MODEL` | ``defaultModel``; default ``standardModel(forProvider:)`` of the default provider |
    /// | `FEEDBACK_MODEL` | ``feedbackModel`` |
    /// | `AI2AI_MODEL_CONNECT_TIMEOUT_SECONDS`, `AI2AI_MODEL_IDLE_TIMEOUT_SECONDS`, `AI2AI_MODEL_TIMEOUT_SECONDS` | every provider's connect, idle and total timeouts (``ProviderTimeouts/init(environment:)``) |
    ///
    /// A provider left out for want of its key fails on use with a `.configuration` error that
    /// names the variable to set. A timeout variable that is not a positive number is ignored here
    /// (the defaults apply); check it first with ``ProviderTimeouts/init(environment:)`` to report it.
    ///
    /// ```swift
    /// let registry = ModelRegistry.fromEnvironment()
    /// let resolution = try registry.resolve("anthropic:claude-sonnet-4-5")
    /// ```
    /// - Parameters:
    ///   - environment: The variables (default: the process environment).
    ///   - transport: The HTTP transport the providers share.
    ///   - clock: Where the providers measure timeouts and retry waits.
    ///   - logger: The providers' logger.
    /// - Returns: The registry.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        clock: any AI2AIClock = SystemClock(),
        logger: Logger = .current
    ) -> ModelRegistry {
        let env = environment.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        let defaultProvider = env["DEFAULT_PROVIDER"]?.lowercased() ?? "openrouter"
        var registry = ModelRegistry(
            defaultProvider: defaultProvider,
            defaultModel: env["DEFAULT_MODEL"] ?? standardModel(forProvider: defaultProvider)
        )
        registry.feedbackModel = env["FEEDBACK_MODEL"]
        let timeouts = (try? ProviderTimeouts(environment: env)) ?? ProviderTimeouts()
        for name in ["openrouter", "openai", "anthropic", "ollama"] {
            if let provider = try? makeProvider(
                named: name,
                environment: env,
                timeouts: timeouts,
                transport: transport,
                clock: clock,
                logger: logger
            ) {
                registry.register(name, provider)
            }
        }
        return registry
    }

    /// The model used when neither the caller nor `DEFAULT_MODEL` names one: a small, inexpensive
    /// model of each known provider, the same for the server and the CLI.
    ///
    /// | provider | model |
    /// |---|---|
    /// | `openrouter` | `openrouter:openai/gpt-4o-mini` |
    /// | `openai` | `openai:gpt-4o-mini` |
    /// | `anthropic` | `anthropic:claude-sonnet-4-5` |
    /// | `ollama` | `ollama:llama3.2` |
    ///
    /// - Parameter provider: A provider name.
    /// - Returns: The model, with its provider prefix; `nil` for another provider.
    public static func standardModel(forProvider provider: String) -> String? {
        switch provider.lowercased() {
        case "openrouter": "openrouter:openai/gpt-4o-mini"
        case "openai": "openai:gpt-4o-mini"
        case "anthropic": "anthropic:claude-sonnet-4-5"
        case "ollama": "ollama:llama3.2"
        default: nil
        }
    }

    /// Makes one of the known providers from environment variables and explicit overrides.
    ///
    /// `openrouter`, `openai`, `anthropic` and `ollama` read the variables listed in
    /// ``fromEnvironment(_:transport:clock:logger:)``; any other name is an OpenAI-compatible server
    /// and needs a base URL. The timeouts come from `timeouts`, else from the environment.
    /// - Parameters:
    ///   - name: The provider's name.
    ///   - environment: The variables.
    ///   - apiKey: A key that takes precedence over the environment.
    ///   - baseURL: A base URL that takes precedence over the environment.
    ///   - timeouts: The provider's timeouts; `nil` reads `AI2AI_MODEL_CONNECT_TIMEOUT_SECONDS`,
    ///     `AI2AI_MODEL_IDLE_TIMEOUT_SECONDS` and `AI2AI_MODEL_TIMEOUT_SECONDS`
    ///     (``ProviderTimeouts/init(environment:)``).
    ///   - transport: The HTTP transport.
    ///   - clock: Where the provider measures timeouts and retry waits.
    ///   - logger: The provider's logger.
    /// - Returns: The provider.
    /// - Throws: ``ProviderError`` of kind `.configuration` when a key or base URL is missing, or a
    ///   timeout variable is not a positive number.
    public static func makeProvider(
        named name: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        apiKey: String? = nil,
        baseURL: String? = nil,
        timeouts: ProviderTimeouts? = nil,
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        clock: any AI2AIClock = SystemClock(),
        logger: Logger = .current
    ) throws(ProviderError) -> any ModelProvider {
        let env = environment.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        let chosen: ProviderTimeouts
        if let timeouts {
            chosen = timeouts
        } else {
            chosen = try ProviderTimeouts(environment: env)
        }
        let lowered = name.lowercased()
        func missing(_ variable: String) -> ProviderError {
            ProviderError(
                .configuration,
                message: "Provider '\(lowered)' needs an API key; set \(variable) (or pass one)",
                provider: lowered
            )
        }
        switch lowered {
        case "openrouter":
            guard let key = apiKey ?? env["OPENROUTER_API_KEY"] else { throw missing("OPENROUTER_API_KEY") }
            var configuration = OpenAICompatibleProvider.Configuration.openRouter(
                apiKey: key,
                baseURL: baseURL ?? env["OPENROUTER_BASE_URL"]
                    ?? OpenAICompatibleProvider.Configuration.openRouterBaseURL
            )
            configuration.appURL = env["OPENROUTER_APP_URL"]
            configuration.appTitle = env["OPENROUTER_APP_TITLE"]
            configuration.timeouts = chosen
            configuration.clock = clock
            return OpenAICompatibleProvider(configuration: configuration, transport: transport, logger: logger)
        case "openai":
            let key = apiKey ?? env["OPENAI_API_KEY"]
            let url = baseURL ?? env["OPENAI_BASE_URL"]
            guard key != nil || url != nil else { throw missing("OPENAI_API_KEY") }
            var configuration = OpenAICompatibleProvider.Configuration.openAI(
                apiKey: key,
                baseURL: url ?? OpenAICompatibleProvider.Configuration.openAIBaseURL
            )
            // Compatible servers reached through OPENAI_BASE_URL know `max_tokens` best.
            if let url, !url.contains("api.openai.com") { configuration.maxTokensField = .maxTokens }
            configuration.timeouts = chosen
            configuration.clock = clock
            return OpenAICompatibleProvider(configuration: configuration, transport: transport, logger: logger)
        case "anthropic":
            guard let key = apiKey ?? env["ANTHROPIC_API_KEY"] else { throw missing("ANTHROPIC_API_KEY") }
            let configuration = AnthropicProvider.Configuration(
                baseURL: baseURL ?? env["ANTHROPIC_BASE_URL"] ?? AnthropicProvider.Configuration.defaultBaseURL,
                apiKey: key,
                timeouts: chosen,
                clock: clock
            )
            return AnthropicProvider(configuration: configuration, transport: transport, logger: logger)
        case "ollama":
            let configuration = OllamaProvider.Configuration(
                baseURL: baseURL ?? env["OLLAMA_ENDPOINT"] ?? OllamaProvider.Configuration.defaultBaseURL,
                apiKey: apiKey ?? env["OLLAMA_API_KEY"],
                timeouts: chosen,
                clock: clock
            )
            return OllamaProvider(configuration: configuration, transport: transport, logger: logger)
        default:
            guard let baseURL else {
                throw ProviderError(
                    .configuration,
                    message: "Unknown provider '\(lowered)'; use openrouter, openai, anthropic or ollama, "
                        + "or give the base URL of an OpenAI-compatible server",
                    provider: lowered
                )
            }
            var configuration = OpenAICompatibleProvider.Configuration.compatible(
                baseURL: baseURL,
                apiKey: apiKey,
                name: lowered
            )
            configuration.timeouts = chosen
            configuration.clock = clock
            return OpenAICompatibleProvider(
                configuration: configuration,
                transport: transport,
                logger: logger
            )
        }
    }
}
