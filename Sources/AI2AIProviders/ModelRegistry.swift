//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// Resolves `provider:model` strings to a provider and the model name it expects.
///
/// `openrouter:anthropic/claude-3.5-sonnet` resolves to the provider registered as `openrouter`
/// and the model `anthropic/claude-3.5-sonnet`; a string without a registered prefix
/// (`gpt-4o`, or `anthropic/claude-3.5-sonnet` when no provider is named `anthropic/claude-3.5-sonnet`)
/// uses the default provider.
///
/// ```swift
/// var registry = ModelRegistry(defaultProvider: "ollama")
/// registry.register("ollama", OllamaProvider())
/// let (provider, model) = try registry.resolve("ollama:llama3.2")
/// ```
///
/// A prefix that names no registered provider is an error (a mistyped provider), except when it
/// contains a slash (`meta-llama/llama-3-8b-instruct:free`) or the default provider is Ollama,
/// whose model tags contain colons (`llama3.2:3b`): then the whole string is the model.
public struct ModelRegistry: Sendable {
    /// A provider and the model name to send it.
    public struct Resolution: Sendable {
        /// The provider's registered name.
        public var providerName: String
        /// The provider.
        public var provider: any ModelProvider
        /// The model, without the provider prefix.
        public var model: String
    }

    private var providers: [String: any ModelProvider] = [:]
    /// The provider used for models without a prefix.
    public var defaultProvider: String
    /// The model used when a caller names none (for example `openrouter:openai/gpt-4o-mini`).
    public var defaultModel: String?
    /// The larger model the feedback service asks for critiques (`FEEDBACK_MODEL`), if configured.
    public var feedbackModel: String?

    /// Creates an empty registry.
    /// - Parameters:
    ///   - defaultProvider: The provider used for models without a prefix.
    ///   - defaultModel: The model used when a caller names none.
    public init(defaultProvider: String = "openrouter", defaultModel: String? = nil) {
        self.defaultProvider = defaultProvider
        self.defaultModel = defaultModel
    }

    /// Registers (or replaces) a provider under a name, such as `openai` or `my-proxy`.
    public mutating func register(_ name: String, _ provider: any ModelProvider) {
        providers[name.lowercased()] = provider
    }

    /// The registered provider names, sorted.
    public var providerNames: [String] { providers.keys.sorted() }

    /// The provider registered under a name, if any.
    public func provider(named name: String) -> (any ModelProvider)? {
        providers[name.lowercased()]
    }

    /// Resolves a model string.
    /// - Parameter model: `provider:model`, or a bare model of the default provider; empty means
    ///   ``defaultModel``.
    /// - Returns: The provider and the model name to send it.
    /// - Throws: ``ProviderError`` of kind `.configuration` when the prefix or the default provider
    ///   is not registered, or no model is given and there is no default.
    public func resolve(_ model: String) throws -> Resolution {
        var spec = model.trimmingCharacters(in: .whitespaces)
        if spec.isEmpty {
            guard let defaultModel, !defaultModel.isEmpty else {
                throw ProviderError(.configuration, message: "No model given and no default model configured")
            }
            spec = defaultModel
        }
        if let colon = spec.firstIndex(of: ":") {
            let prefix = spec[..<colon].lowercased()
            let rest = String(spec[spec.index(after: colon)...])
            if let provider = providers[prefix] {
                guard !rest.isEmpty else {
                    throw ProviderError(
                        .configuration,
                        message: "Model string '\(spec)' names no model after '\(prefix):'"
                    )
                }
                return Resolution(providerName: prefix, provider: provider, model: rest)
            }
            if Self.knownProviderNames.contains(prefix) {
                throw ProviderError(
                    .configuration,
                    message: "Provider '\(prefix)' is not configured" + Self.setupHint(for: prefix)
                )
            }
            // Ollama tags contain colons (`llama3.2:3b`), and OpenRouter variants too
            // (`meta-llama/llama-3-8b-instruct:free`, where the prefix has a slash): only a plain
            // word before the colon, with a default provider that never uses colons, is taken
            // for a mistyped provider name.
            if !prefix.contains("/"), defaultProvider.lowercased() != "ollama" {
                throw ProviderError(
                    .configuration,
                    message: "Unknown provider '\(prefix)' in '\(spec)'; configured providers: "
                        + "\(providerNames.joined(separator: ", "))"
                )
            }
        }
        guard let provider = providers[defaultProvider.lowercased()] else {
            throw ProviderError(
                .configuration,
                message: "Default provider '\(defaultProvider)' is not configured"
                    + Self.setupHint(for: defaultProvider)
            )
        }
        return Resolution(providerName: defaultProvider.lowercased(), provider: provider, model: spec)
    }

    /// The provider names AI2AI knows how to configure from the environment.
    public static let knownProviderNames: Set<String> = ["openrouter", "openai", "anthropic", "ollama"]

    static func setupHint(for provider: String) -> String {
        switch provider.lowercased() {
        case "openrouter": "; set OPENROUTER_API_KEY (or use ollama:MODEL, which needs no key)"
        case "openai": "; set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server)"
        case "anthropic": "; set ANTHROPIC_API_KEY"
        case "ollama": "; set OLLAMA_ENDPOINT (default http://localhost:11434)"
        default: ""
        }
    }
}
