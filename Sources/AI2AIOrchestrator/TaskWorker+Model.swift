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
        // Real time, not the configured clock: the duration is for operators' dashboards.
        let started = ContinuousClock.now
        var outcome = "failed"
        var usage: Usage?
        defer {
            services.metrics.recordModelCall(
                provider: agent.provider,
                outcome: outcome != "ok" && Task.isCancelled ? "cancelled" : outcome,
                duration: ContinuousClock.now - started,
                usage: usage
            )
        }
        while true {
            do {
                // The call runs in the provider slot the claim was admitted with: it never waits for
                // one. The claim recorded that the call starts (`ClaimRequest.startsCall`).
                let response = try await stream(
                    request,
                    from: resolution.provider,
                    task: task,
                    attempts: attempts,
                    logger: logger
                )
                (outcome, usage) = ("ok", response.usage)
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
                let failed = attempts.next()
                guard let providerError = error as? ProviderError, Self.transientKinds.contains(providerError.kind),
                    let delay = policy.delay(forRetry: retry, after: providerError, shouldRetryHeader: "true")
                else {
                    let count = failed == 1 ? "" : " after \(failed) attempts"
                    throw ModelCallFailure(reason: "The model call failed\(count): \(error)")
                }
                await announceRetry(of: task, attempt: failed, wait: delay, reason: "\(providerError)", logger: logger)
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
        livePosition.startCall()
        for try await event in provider.stream(request) {
            switch event {
            case .textDelta(let text) where !text.isEmpty:
                let (sequence, index) = livePosition.nextDelta()
                services.events.publishLive(
                    SessionEvent(
                        sessionID: session.id,
                        sequence: sequence,
                        timestamp: services.clock.now,
                        kind: .modelTextDelta(taskID: task.id, agentID: agent.id, text: text),
                        deltaIndex: index
                    )
                )
            case .retrying(_, let wait, let reason):
                // The provider client retries on its own; the attempt that failed counts all the same.
                await announceRetry(of: task, attempt: attempts.next(), wait: wait, reason: reason, logger: logger)
                livePosition.startCall()
            default:
                break
            }
            accumulator.apply(event)
        }
        return accumulator.response
    }

    /// Says that a model call is retried: a `model_retry` event (subscribers drop the text the failed
    /// attempt streamed) and a notice.
    private func announceRetry(
        of task: AgentTask,
        attempt: Int,
        wait: Duration,
        reason: String,
        logger: Logger
    ) async {
        logger.notice(
            "Model call failed; retrying",
            metadata: ["attempt": "\(attempt)", "retry.delay": "\(wait)", "error": "\(reason)"]
        )
        let retry = SessionEvent.Kind.modelRetry(
            taskID: task.id,
            agentID: agent.id,
            attempt: attempt,
            wait: wait,
            reason: reason
        )
        do {
            let stored = try await withStoreRetry { try await store.appendEvents([retry], to: session.id) }
            services.events.changed(session.id)
            if let last = stored.last { livePosition.advance(to: last.sequence) }
        } catch {
            logger.warning("Storing a model_retry event failed", metadata: ["error": "\(error)"])
        }
    }
}

/// Where a worker's live model text deltas stand: the sequence number of the task's last stored
/// event they follow, and the index of the next delta of the current model call.
final class LivePosition: Sendable {
    private struct State {
        var sequence: UInt64 = 0
        var delta = 0
    }

    private let state = Mutex(State())

    /// The task stored an event with this sequence number.
    func advance(to sequence: UInt64) {
        state.withLock { state in
            if sequence > state.sequence { state.sequence = sequence }
        }
    }

    /// A model call (or a retry of it) starts: its deltas count from 0.
    func startCall() {
        state.withLock { $0.delta = 0 }
    }

    /// The position of the next delta.
    func nextDelta() -> (sequence: UInt64, index: Int) {
        state.withLock { state in
            defer { state.delta += 1 }
            return (state.sequence, state.delta)
        }
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
