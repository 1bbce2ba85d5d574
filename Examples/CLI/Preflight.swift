//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// Checks made before any work starts, so that a newcomer's mistake is one clear message.
enum Preflight {
    /// The providers configured by the environment, once the model timeout variables
    /// (`AI2AI_MODEL_CONNECT_TIMEOUT_SECONDS`, `AI2AI_MODEL_IDLE_TIMEOUT_SECONDS`,
    /// `AI2AI_MODEL_TIMEOUT_SECONDS`) are known to be usable.
    static func registry() throws -> ModelRegistry {
        let environment = ProcessInfo.processInfo.environment
        do {
            _ = try ProviderTimeouts(environment: environment)
        } catch {
            throw CLIFailure(error.message, exitCode: .configuration)
        }
        return ModelRegistry.fromEnvironment(environment)
    }

    /// The model used when --model names none: `DEFAULT_MODEL`, else the default provider's
    /// standard model (`ModelRegistry.standardModel(forProvider:)`, the server's default too).
    static func defaultModel(_ registry: ModelRegistry) throws -> String {
        if let model = registry.defaultModel ?? ModelRegistry.standardModel(forProvider: registry.defaultProvider),
            !model.isEmpty
        {
            return model
        }
        throw CLIFailure(
            "No model given: pass --model provider:model (for example ollama:llama3.2) or set DEFAULT_MODEL",
            exitCode: .configuration
        )
    }

    /// Resolves every model (a missing key or an unknown provider fails here) and checks that each
    /// provider they use answers, before agents depend on it.
    static func check(_ models: [String], registry: ModelRegistry) async throws {
        var checked: Set<String> = []
        for model in models {
            let resolution: ModelRegistry.Resolution
            do {
                resolution = try registry.resolve(model)
            } catch let error as ProviderError {
                throw CLIFailure("Model '\(model)': \(error.message)", exitCode: .configuration)
            }
            guard checked.insert(resolution.providerName).inserted,
                let provider = resolution.provider as? any ConnectionCheckingProvider
            else { continue }
            try await checkConnection(provider, named: resolution.providerName)
        }
    }

    private static func checkConnection(_ provider: any ConnectionCheckingProvider, named name: String) async throws {
        do {
            try await provider.checkConnection()
        } catch let error as ProviderError {
            if name == "ollama" {
                let endpoint = (provider as? OllamaProvider)?.configuration.baseURL ?? "http://localhost:11434"
                throw CLIFailure(
                    "Cannot reach Ollama at \(endpoint) (\(error.message)). Start it with 'ollama serve' (and "
                        + "'ollama pull MODEL'), or set OLLAMA_ENDPOINT to where it runs.",
                    exitCode: .configuration
                )
            }
            let variable = "\(name.uppercased())_BASE_URL"
            throw CLIFailure(
                "\(error.message). Check \(variable) and your network.",
                exitCode: .configuration
            )
        }
    }
}
