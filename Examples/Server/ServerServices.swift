//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation
import HTTPTypes
import Prometheus

/// What the route handlers work with: the orchestrator, the feedback service and the server's
/// configuration.
struct ServerServices: Sendable {
    /// Runs the multi-agent sessions.
    let orchestrator: Orchestrator
    /// Answers the feedback endpoints.
    let feedback: FeedbackService
    /// Limits and settings.
    let configuration: ServerConfiguration
    /// What `GET /metrics` shows: the registry the process's swift-metrics backend records into.
    var metrics = PrometheusCollectorRegistry()

    /// The store everything lives in.
    var store: any AgentStore { orchestrator.store }
    /// Where the server reads the time (the orchestrator's clock).
    var clock: any AI2AIClock { orchestrator.configuration.clock }
    /// The configured model providers.
    var models: ModelRegistry { orchestrator.models }

    /// The model an agent thinks with, as the API shows it: its own, or the default model.
    func displayModel(of agent: Agent) -> String {
        agent.model.isEmpty ? (models.defaultModel ?? "") : agent.model
    }

    /// Checks that each agent model resolves to a configured provider.
    /// - Throws: ``APIError`` 422 naming the entry of a model that names an unknown or
    ///   unconfigured provider; 503 when no model is given and the server has no default.
    func validateAgentModels(_ models: [String]) throws {
        for (index, model) in models.enumerated() {
            do {
                _ = try self.models.resolve(model)
            } catch let error as ProviderError {
                if model.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw APIError(.serviceUnavailable, "Model provider not configured: \(error.message)")
                }
                throw APIError.invalidField("agent_models[\(index)]", error.message)
            }
        }
    }

    /// Resolves the model of a feedback request, for its metadata and to fail before streaming.
    /// - Returns: The model name the provider is sent.
    /// - Throws: ``APIError`` 422 for a requested model that does not resolve; 503 when the
    ///   server's feedback model is not usable.
    func feedbackModel(requested: String?) throws -> String {
        let requested = requested?.trimmingCharacters(in: .whitespaces)
        let spec =
            (requested?.isEmpty == false ? requested : nil) ?? feedback.configuration.model ?? models.feedbackModel
            ?? ""
        do {
            return try models.resolve(spec).model
        } catch let error as ProviderError {
            if requested?.isEmpty == false { throw APIError.invalidField("model", error.message) }
            throw APIError(.serviceUnavailable, "Model provider not configured: \(error.message)")
        }
    }
}
