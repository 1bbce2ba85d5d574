//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIProviders
import AI2AIStorage
import Foundation
import Logging

/// A model call that failed for good; the reason becomes the task's error.
struct ModelCallFailure: Error {
    var reason: String
}

/// A model's answer and the model that gave it.
struct ModelCall: Sendable {
    var response: ModelResponse
    var model: String
    /// When the answer was complete.
    var finishedAt: Date

    func usage(for task: AgentTask, agent: Agent) -> UsageRecord {
        UsageRecord(
            sessionID: task.sessionID,
            taskID: task.id,
            agentID: agent.id,
            model: model,
            inputTokens: response.usage?.inputTokens ?? 0,
            outputTokens: response.usage?.outputTokens ?? 0,
            createdAt: finishedAt
        )
    }
}

extension TaskWorker {
    /// Provider error kinds worth another attempt.
    static let transientKinds: Set<ProviderError.Kind> = [
        .rateLimited, .overloaded, .server, .timeout, .transport, .streamInterrupted,
    ]

    /// Calls the agent's model, streaming its text as events, retrying transient failures.
    /// - Throws: ``ModelCallFailure`` when the call fails for good; `CancellationError` when stopped.
    func callModel(
        _ messages: [ChatMessage],
        tools: [ToolSpec],
        task: AgentTask,
        logger: Logger
    ) async throws -> ModelCall {
        let resolution: ModelRegistry.Resolution
        do {
            resolution = try services.models.resolve(agent.model)
        } catch {
            throw ModelCallFailure(reason: "The model '\(agent.model)' cannot be used: \(error)")
        }
        let configuration = services.configuration
        let request = ModelRequest(
            model: resolution.model,
            messages: messages,
            tools: tools,
            toolChoice: tools.isEmpty ? nil : .auto,
            maxTokens: configuration.maxTokensPerCall,
            temperature: configuration.temperature
        )
        let policy = configuration.modelRetry
        var attempt = 1
        while true {
            do {
                let response: ModelResponse
                if let gates = services.providerGates {
                    response = try await gates.semaphore(for: resolution.providerName).withPermit {
                        try await markCallStarted(task)
                        return try await stream(request, from: resolution.provider, task: task)
                    }
                } else {
                    try await markCallStarted(task)
                    response = try await stream(request, from: resolution.provider, task: task)
                }
                return ModelCall(
                    response: response,
                    model: agent.model.isEmpty ? resolution.model : agent.model,
                    finishedAt: services.clock.now
                )
            } catch let error as AI2AIError {
                // The store's (the lease was lost, the store stayed busy): not a failure of the model.
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                guard let providerError = error as? ProviderError, Self.transientKinds.contains(providerError.kind),
                    let delay = policy.delay(forRetry: attempt - 1, after: providerError, shouldRetryHeader: "true")
                else {
                    let attempts = attempt == 1 ? "" : " after \(attempt) attempts"
                    throw ModelCallFailure(reason: "The model call failed\(attempts): \(error)")
                }
                logger.info(
                    "Model call failed; retrying",
                    metadata: [
                        "error.kind": "\(providerError.kind)", "attempt": "\(attempt)", "retry.delay": "\(delay)",
                    ]
                )
                services.metrics.countRetry()
                try await services.clock.sleep(for: delay)
                attempt += 1
            }
        }
    }

    /// Records, right before the call, that a model call starts under the lease: only an expired
    /// claim that started a call (and committed no turn) is charged an attempt, so a task that
    /// waited for a provider slot never loses one.
    private func markCallStarted(_ task: AgentTask) async throws {
        try await withStoreRetry { try await store.markCallStarted(task.id, owner: leaseOwner) }
    }

    private func stream(
        _ request: ModelRequest,
        from provider: any ModelProvider,
        task: AgentTask
    ) async throws -> ModelResponse {
        var accumulator = ModelResponseAccumulator()
        for try await event in provider.stream(request) {
            accumulator.apply(event)
            if case .textDelta(let text) = event, !text.isEmpty {
                services.events.publish(session.id, .modelTextDelta(taskID: task.id, agentID: agent.id, text: text))
            }
        }
        return accumulator.response
    }
}
