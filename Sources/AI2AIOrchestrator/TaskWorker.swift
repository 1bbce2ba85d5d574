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

/// Works one claimed task for an agent: renews its lease while working, takes model turns until
/// the task completes, fails or waits on subtasks, and gives the task back when stopped.
struct TaskWorker: Sendable {
    let runner: AgentRunner
    /// The lease owner the task was claimed with.
    let leaseOwner: String

    var runtime: Runtime { runner.runtime }
    var store: any AgentStore { runtime.store }
    var agent: Agent { runner.agent }
    var session: Session { runner.session }
    var limits: Orchestrator.Limits { runtime.configuration.limits }

    func logger(for task: AgentTask) -> Logger {
        var logger = runner.agentLogger
        logger[metadataKey: "task.id"] = "\(task.id)"
        return logger
    }

    /// Works a task claimed by this agent. Never throws: failures end the task or give it back.
    func work(_ task: AgentTask) async {
        let logger = logger(for: task)
        logger.debug("Working task")
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await renewLease(of: task.id) }
                group.addTask { try await process(task, logger: logger) }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            if Task.isCancelled {
                await giveBack(task, logger: logger)
            } else if case AI2AIError.Code.leaseLost = error {
                logger.info("Lost the lease of the task; leaving it to its new owner")
            } else {
                logger.warning("Working the task failed", metadata: ["error": "\(error)"])
                await failAfterError(task, error: error, logger: logger)
            }
        }
    }

    /// Renews the lease until cancelled; throws `.leaseLost` when another owner took the task.
    private func renewLease(of task: TaskID) async throws {
        while true {
            try await runtime.clock.sleep(for: runtime.configuration.leaseRenewalInterval)
            do {
                try await store.renewLease(task, lease: runtime.lease(by: leaseOwner))
            } catch AI2AIError.Code.leaseLost {
                throw AI2AIError(.leaseLost, "The lease of task \(task) was lost")
            } catch {
                if Task.isCancelled { throw CancellationError() }
                runner.agentLogger.warning(
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
        let runtime = runtime
        let session = session.id
        // A fresh task: the store call must not see the cancellation that stopped the work.
        let released = await Task {
            await runtime.withSessionGate(session) {
                do {
                    try await store.releaseLease(task.id, owner: owner)
                    runtime.events.publish(
                        session,
                        .taskStatusChanged(taskID: task.id, from: .inProgress, to: .pending)
                    )
                    return true
                } catch {
                    return false
                }
            }
        }.value
        if released {
            logger.debug("Gave the interrupted task back")
        } else {
            logger.info("Could not give the interrupted task back; its lease will expire")
        }
    }

    /// Fails a task after an unexpected error (a storage failure, an unreadable turn).
    private func failAfterError(_ task: AgentTask, error: any Error, logger: Logger) async {
        do {
            try await finish(task, .failed("Internal error while working the task: \(error)"))
        } catch {
            logger.info("Could not fail the task; its lease will expire", metadata: ["error": "\(error)"])
        }
    }

    /// Ends a task outside a turn commit (limits, model failures) and announces it.
    func finish(_ task: AgentTask, _ outcome: TaskOutcome) async throws {
        let result = try await runtime.withSessionGate(session.id) {
            let result = try await store.finish(task.id, outcome)
            var events: [SessionEvent.Kind] = [
                .taskStatusChanged(taskID: task.id, from: task.status, to: result.task.status),
                result.task.status == .completed ? .taskCompleted(result.task) : .taskFailed(result.task),
            ]
            if let parent = result.resumedParent {
                events.append(.taskStatusChanged(taskID: parent.id, from: .waiting, to: parent.status))
            }
            runtime.events.publish(session.id, events)
            return result
        }
        runtime.count(result.task.status)
        if let parent = result.resumedParent { runtime.wake(parent.assignedTo) }
    }
}
