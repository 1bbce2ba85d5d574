//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import NIOHTTP1

/// A model provider that can check, before any work depends on it, that its server answers.
///
/// The CLI checks every provider its agents use this way, so that a wrong base URL or a server
/// that is down is one clear message at once, not a task that fails after its retries:
///
/// ```swift
/// if let provider = resolution.provider as? any ConnectionCheckingProvider {
///     try await provider.checkConnection()  // Cannot reach openai at http://127.0.0.1:9/v1: connection refused
/// }
/// ```
public protocol ConnectionCheckingProvider: ModelProvider {
    /// Sends one request that needs no model (a model list, a version) and returns as soon as the
    /// server answers, whatever the status: an answer, even 401, shows the server is there.
    /// - Throws: ``ProviderError`` of kind `.transport` ("Cannot reach openai at
    ///   http://127.0.0.1:9/v1: connection refused") when no connection can be made, `.timeout`
    ///   when the server does not answer within the connect timeout plus 10 s.
    func checkConnection() async throws
}

extension ProviderHTTPEngine {
    /// Sends `GET url` once (no retries) and returns when the response head arrives.
    func checkConnection(_ url: String) async throws(ProviderError) {
        let timeout = timeouts.connect + .seconds(10)
        let transportDeadline = ContinuousClock.now.advanced(by: timeout)
        let provider = provider
        do {
            _ = try await withDeadline(
                clock.now.adding(timeout),
                clock: clock,
                timeout: { ProviderError(.timeout, message: "No answer within \(timeout)", provider: provider) },
                { [transport] in
                    try await transport.send(HTTPTransportRequest(url: url, method: .GET), deadline: transportDeadline)
                }
            )
        } catch {
            throw ProviderError.transport(error, provider: provider, baseURL: baseURL)
        }
    }
}

extension OpenAICompatibleProvider: ConnectionCheckingProvider {
    /// Checks that the server answers `GET {baseURL}/models`.
    public func checkConnection() async throws {
        try await engine.checkConnection(Self.endpoint(configuration.baseURL, "models"))
    }
}

extension AnthropicProvider: ConnectionCheckingProvider {
    /// Checks that the server answers `GET {baseURL}/v1/models`.
    public func checkConnection() async throws {
        try await engine.checkConnection(OpenAICompatibleProvider.endpoint(configuration.baseURL, "v1/models"))
    }
}

extension OllamaProvider: ConnectionCheckingProvider {
    /// Checks that the server answers `GET {baseURL}/api/version`.
    public func checkConnection() async throws {
        try await engine.checkConnection(OpenAICompatibleProvider.endpoint(configuration.baseURL, "api/version"))
    }
}
