//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIProviders
import Foundation
import Logging
import Synchronization

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
    /// Provider error kinds worth another attempt: a malformed answer (`.decoding`) is retried like
    /// a cut connection.
    static let transientKinds: Set<ProviderError.Kind> = [
        .rateLimited, .overloaded, .server, .timeout, .transport, .streamInterrupted, .decoding,
    ]

    /// Calls the agent's model, streaming its text as events, retrying transient failures.
    ///
    /// Every retry, the provider client's own and the orchestrator's, is announced before its wait
    /// with a `model_retry` event and a notice-level log message; attempts are counted across both.
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
        let attempts = AttemptCount()
        var retry = 0
        while true {
            do {
                let response: ModelResponse
                if let gates = services.providerGates {
                    response = try await gates.semaphore(for: resolution.providerName).withPermit {
                        try await stream(
                            request,
                            from: resolution.provider,
                            task: task,
                            attempts: attempts,
                            logger: logger
                        )
                    }
                } else {
                    response = try await stream(
                        request,
                        from: resolution.provider,
                        task: task,
                        attempts: attempts,
                        logger: logger
                    )
                }
                return ModelCall(
                    response: response,
                    model: agent.model.isEmpty ? resolution.model : agent.model,
                    finishedAt: services.clock.now
                )
            } catch {
                if Task.isCancelled { throw CancellationError() }
                let failed = attempts.next()
                guard let providerError = error as? ProviderError, Self.transientKinds.contains(providerError.kind),
                    let delay = policy.delay(forRetry: retry, after: providerError, shouldRetryHeader: "true")
                else {
                    let count = failed == 1 ? "" : " after \(failed) attempts"
                    throw ModelCallFailure(reason: "The model call failed\(count): \(error)")
                }
                announceRetry(of: task, attempt: failed, wait: delay, reason: "\(providerError)", logger: logger)
                services.metrics.countRetry()
                try await services.clock.sleep(for: delay)
                retry += 1
            }
        }
    }

    private func stream(
        _ request: ModelRequest,
        from provider: any ModelProvider,
        task: AgentTask,
        attempts: AttemptCount,
        logger: Logger
    ) async throws -> ModelResponse {
        var accumulator = ModelResponseAccumulator()
        for try await event in provider.stream(request) {
            switch event {
            case .textDelta(let text) where !text.isEmpty:
                services.events.publish(session.id, .modelTextDelta(taskID: task.id, agentID: agent.id, text: text))
            case .retrying(_, let wait, let reason):
                // The provider client retries on its own; the attempt that failed counts all the same.
                announceRetry(of: task, attempt: attempts.next(), wait: wait, reason: reason, logger: logger)
            default:
                break
            }
            accumulator.apply(event)
        }
        return accumulator.response
    }

    /// Says that a model call is retried: a `model_retry` event (subscribers drop the text the failed
    /// attempt streamed) and a notice.
    private func announceRetry(of task: AgentTask, attempt: Int, wait: Duration, reason: String, logger: Logger) {
        logger.notice(
            "Model call failed; retrying",
            metadata: ["attempt": "\(attempt)", "retry.delay": "\(wait)", "error": "\(reason)"]
        )
        services.events.publish(
            session.id,
            .modelRetry(taskID: task.id, agentID: agent.id, attempt: attempt, wait: wait, reason: reason)
        )
    }
}

/// Counts the failed attempts of one model call, the provider client's retries included.
final class AttemptCount: Sendable {
    private let count = Mutex(0)

    /// Counts a failed attempt and returns its number (1 for the first).
    func next() -> Int {
        count.withLock {
            $0 += 1
            return $0
        }
    }
}
