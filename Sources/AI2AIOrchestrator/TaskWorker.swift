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

/// Works one claimed task for its agent: renews its lease while working, takes model turns until
/// the task completes, fails or waits on subtasks, and gives the task back when stopped or drained.
struct TaskWorker: Sendable {
    /// The task as claimed, with the inputs of its next turn.
    let claimed: ClaimedTask
    let services: AgentServices
    /// Where the task's live model text deltas stand in the session's event log.
    let livePosition = LivePosition()

    /// The lease owner the task was claimed with.
    var leaseOwner: String { claimed.leaseOwner }
    var store: any AgentStore { services.store }
    var agent: Agent { claimed.agent }
    var session: Session { claimed.session }
    /// The agents of the task's session, by index.
    var roster: [Agent] { claimed.roster }
    var limits: Orchestrator.Limits { services.configuration.limits }

    var agentLogger: Logger {
        var logger = services.logger
        logger[metadataKey: "agent.id"] = "\(agent.id)"
        logger[metadataKey: "session.id"] = "\(session.id)"
        return logger
    }

    func logger(for task: AgentTask) -> Logger {
        var logger = agentLogger
        logger[metadataKey: "task.id"] = "\(task.id)"
        return logger
    }

    /// Works the claimed task. Never throws: failures end the task or give it back.
    func work() async {
        let task = claimed.task
        let logger = logger(for: task)
        logger.debug("Working task")
        livePosition.advance(to: claimed.lastEventSequence)
        let cancellation = services.inFlight.register(leaseOwner)
        OrchestratorMetrics.adjustTasksInProgress(by: 1)
        defer {
            services.inFlight.finish(leaseOwner)
            OrchestratorMetrics.adjustTasksInProgress(by: -1)
        }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await renewLease(of: task.id) }
                group.addTask { try await process(task, logger: logger) }
                // Ends the work, and cancels the model call, as soon as the task is cancelled.
                group.addTask {
                    for await _ in cancellation { throw TaskWasCancelled() }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            if error is TaskWasCancelled {
                logger.info("The task was cancelled; stopped working it")
            } else if Task.isCancelled || error is DrainRequest {
                await giveBack(task, logger: logger)
            } else if case AI2AIError.Code.leaseLost = error {
                logger.info("Lost the lease of the task; leaving it to its new owner")
            } else if case AI2AIError.Code.unavailable = error {
                // A store still busy after the retries: not the task's fault. The next claim continues it.
                logger.warning("The store stayed busy; giving the task back", metadata: ["error": "\(error)"])
                await giveBack(task, logger: logger)
            } else {
                logger.warning("Working the task failed", metadata: ["error": "\(error)"])
                await failAfterError(task, error: error, logger: logger)
            }
        }
    }

    /// Renews the lease until cancelled; throws `.leaseLost` when another owner took the task.
    private func renewLease(of task: TaskID) async throws {
        while true {
            try await services.clock.sleep(for: services.configuration.leaseRenewalInterval)
            do {
                try await store.renewLease(task, lease: services.lease(by: leaseOwner))
            } catch AI2AIError.Code.leaseLost {
                throw AI2AIError(.leaseLost, "The lease of task \(task) was lost")
            } catch {
                if Task.isCancelled { throw CancellationError() }
                agentLogger.warning(
                    "Renewing a lease failed",
                    metadata: ["task.id": "\(task)", "error": "\(error)"]
                )
            }
        }
    }

    /// Returns an interrupted task to pending, even though the current task is cancelled.
    private func giveBack(_ task: AgentTask, logger: Logger) async {
        let store = store
        let owner = leaseOwner
        let services = services
        let session = session.id
        // A fresh task: the store call must not see the cancellation that stopped the work.
        let released = await Task {
            do {
                try await store.releaseLease(task.id, owner: owner)
                services.events.changed(session)
                // The task is ready again (unless its agent was stopped or the process drains).
                services.wake(task.assignedTo)
                return true
            } catch {
                return false
            }
        }.value
        if released {
            logger.debug("Gave the interrupted task back")
        } else {
            logger.info("Could not give the interrupted task back; its lease will expire")
        }
    }

    /// Fails a task after an unexpected error (a storage failure, an unreadable turn), through a
    /// turn commit: like any ending, it needs the lease, so a worker that lost the task to another
    /// owner changes nothing.
    private func failAfterError(_ task: AgentTask, error: any Error, logger: Logger) async {
        do {
            let index = try await withStoreRetry { try await store.turns(of: task.id).count }
            _ = try await fail(task, "Internal error while working the task: \(error)", turn: index)
        } catch AI2AIError.Code.leaseLost {
            logger.info("Lost the lease of the task; leaving it to its new owner")
        } catch {
            logger.info("Could not fail the task; its lease will expire", metadata: ["error": "\(error)"])
        }
    }

    /// Throws ``DrainRequest`` when the orchestrator drains: the task is given back before another turn.
    func checkDrain() throws {
        if services.dispatcher.isDraining { throw DrainRequest() }
    }

    /// Runs a store call, retrying it while the store is busy (see ``AgentServices/withStoreRetry(_:)``).
    func withStoreRetry<T>(_ body: () async throws -> T) async throws -> T {
        try await services.withStoreRetry(body)
    }
}

/// Stops a worker between turns while the orchestrator drains; the task is given back.
struct DrainRequest: Error {}
