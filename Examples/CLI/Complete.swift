//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import ArgumentParser
import Foundation
import Logging

/// `ai2ai complete`: one call to a model provider, printed as text or as one JSON object.
struct Complete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send one prompt to a model provider and print the answer.",
        discussion: """
            With --json, prints {"text", "tool_calls", "finish_reason", "usage", "model"} on standard \
            output; on failure prints {"error": {"kind", "status", "provider_code", "message", \
            "request_id", "retry_after"}} on standard error and exits with 2 for a configuration error \
            (a missing key, an unknown provider), else 1. API keys come from --api-key or \
            the environment (OPENROUTER_API_KEY, OPENAI_API_KEY, ANTHROPIC_API_KEY; OLLAMA_ENDPOINT for \
            Ollama).
            """
    )

    @Option(
        help:
            "The provider: openrouter, openai, anthropic, ollama, or a name for an OpenAI-compatible server (with --base-url)."
    )
    var provider: String = ProcessInfo.processInfo.environment["DEFAULT_PROVIDER"] ?? "openrouter"

    @Option(help: "The provider's base URL (overrides the *_BASE_URL / OLLAMA_ENDPOINT variables).")
    var baseURL: String?

    @Option(help: "The API key (overrides the environment).")
    var apiKey: String?

    @Option(help: "The model, as the provider names it (default: DEFAULT_MODEL).")
    var model: String?

    @Flag(help: "Stream the answer.")
    var stream = false

    @Option(help: "A system prompt.")
    var system: String?

    @Option(
        help: "A JSON file with an array of tools (OpenAI-style or {name, description, parameters}).",
        completion: .file(extensions: ["json"])
    )
    var tools: String?

    @Option(help: "The most tokens the answer may have.")
    var maxTokens: Int?

    @Option(help: "The sampling temperature.")
    var temperature: Double?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Argument(help: "The prompt.")
    var prompt: String

    /// The model to ask: `--model`, else `DEFAULT_MODEL`.
    private var modelName: String? {
        model ?? ProcessInfo.processInfo.environment["DEFAULT_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1") }
        if modelName == nil {
            throw ValidationError("Missing expected argument '--model <model>' (or set DEFAULT_MODEL)")
        }
    }

    func run() async throws {
        do {
            let response = try await answer()
            if json {
                CompleteOutput.write(CompleteOutput.json(for: response), to: .standardOutput)
            } else if !stream {
                CompleteOutput.write(response.text + "\n", to: .standardOutput)
            } else {
                CompleteOutput.write("\n", to: .standardOutput)
            }
        } catch {
            let failure = CompleteOutput.providerError(error)
            if json {
                CompleteOutput.write(CompleteOutput.json(for: failure), to: .standardError)
            } else {
                CompleteOutput.write("error: \(failure)\n", to: .standardError)
            }
            throw ExitCode(failure.kind == .configuration ? Int32.configuration : Int32.tasksFailed)
        }
    }

    private func answer() async throws -> ModelResponse {
        var logger = Logger(label: "ai2ai")
        logger.logLevel = .warning
        let provider = try ModelRegistry.makeProvider(named: provider, apiKey: apiKey, baseURL: baseURL, logger: logger)
        var messages: [ChatMessage] = []
        if let system { messages.append(.system(system)) }
        messages.append(.user(prompt))
        let request = ModelRequest(
            model: modelName ?? "",
            messages: messages,
            tools: try tools.map(ToolsFile.load) ?? [],
            maxTokens: maxTokens,
            temperature: temperature
        )
        guard stream else { return try await provider.complete(request) }
        var accumulator = ModelResponseAccumulator()
        for try await event in provider.stream(request) {
            accumulator.apply(event)
            if !json, case .textDelta(let text) = event {
                CompleteOutput.write(text, to: .standardOutput)
            }
        }
        return accumulator.response
    }
}
