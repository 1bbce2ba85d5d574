//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Checks made before any work starts, so that a newcomer's mistake is one clear message.
enum Preflight {
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

    /// Resolves every model (a missing key or an unknown provider fails here) and checks that a
    /// local Ollama answers before agents depend on it.
    static func check(_ models: [String], registry: ModelRegistry) async throws {
        var checkedOllama = false
        for model in models {
            let resolution: ModelRegistry.Resolution
            do {
                resolution = try registry.resolve(model)
            } catch let error as ProviderError {
                throw CLIFailure("Model '\(model)': \(error.message)", exitCode: .configuration)
            }
            if resolution.providerName == "ollama", !checkedOllama {
                checkedOllama = true
                try await checkOllama()
            }
        }
    }

    private static func checkOllama() async throws {
        let endpoint =
            ProcessInfo.processInfo.environment["OLLAMA_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "http://localhost:11434"
        guard let url = URL(string: endpoint.hasSuffix("/") ? endpoint + "api/version" : endpoint + "/api/version")
        else {
            throw CLIFailure("OLLAMA_ENDPOINT '\(endpoint)' is not a URL", exitCode: .configuration)
        }
        var request = URLRequest(url: url)
        request.timeoutInterval = 3
        do {
            _ = try await URLSession.shared.data(for: request)
        } catch {
            throw CLIFailure(
                "Cannot reach Ollama at \(endpoint). Start it with 'ollama serve' (and 'ollama pull MODEL'), "
                    + "or set OLLAMA_ENDPOINT to where it runs.",
                exitCode: .configuration
            )
        }
    }
}
