//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Foundation
import Logging

extension Runtime {
    /// Polls the store for pending tasks of other processes and recovers expired leases, until cancelled.
    func maintain() async {
        var nextRecovery: Date?
        while !Task.isCancelled {
            if nextRecovery.map({ clock.now >= $0 }) ?? true {
                await recoverExpiredLeases()
                nextRecovery = clock.now.adding(configuration.recoveryInterval)
            }
            await pollPendingTasks()
            try? await clock.sleep(for: configuration.pollInterval)
        }
    }

    /// Returns tasks of crashed workers to pending (or fails them after too many attempts).
    func recoverExpiredLeases() async {
        do {
            let changed = try await store.recoverExpiredLeases(maxAttempts: configuration.maxAttempts)
            guard !changed.isEmpty else { return }
            logger.info("Recovered tasks with expired leases", metadata: ["task.count": "\(changed.count)"])
            for task in changed {
                var events: [SessionEvent.Kind] = [
                    .taskStatusChanged(taskID: task.id, from: .inProgress, to: task.status)
                ]
                var resumed: AgentTask?
                if task.status == .failed {
                    events.append(.taskFailed(task))
                    // The store returns a waiting parent to pending when this was its last open child.
                    if let parentID = task.parentTaskID, let parent = try? await store.task(parentID),
                        parent.status == .pending
                    {
                        events.append(.taskStatusChanged(taskID: parent.id, from: .waiting, to: .pending))
                        resumed = parent
                    }
                }
                await withSessionGate(task.sessionID) { self.events.publish(task.sessionID, events) }
                wake(task.assignedTo)
                if let resumed { wake(resumed.assignedTo) }
            }
        } catch {
            if !Task.isCancelled { logger.warning("Recovering expired leases failed", metadata: ["error": "\(error)"]) }
        }
    }

    /// Wakes the local agents that have pending tasks (written by other processes, or missed).
    func pollPendingTasks() async {
        let running = runningAgents
        guard !running.isEmpty else { return }
        do {
            let pending = try await store.tasks(TaskFilter(statuses: [.pending]))
            for agent in Set(pending.map(\.assignedTo)) where running.contains(agent) {
                wake(agent)
            }
        } catch {
            if !Task.isCancelled { logger.warning("Polling for pending tasks failed", metadata: ["error": "\(error)"]) }
        }
    }

    /// Starts the loops of the active agents of every stored session.
    func resumeActiveAgents() async {
        let pageSize = 200
        var offset = 0
        do {
            while !Task.isCancelled {
                let sessions = try await store.sessions(limit: pageSize, offset: offset)
                for session in sessions {
                    let roster = try await store.agents(in: session.id)
                    for agent in roster where agent.isActive {
                        start(agent, session: session, roster: roster)
                    }
                }
                guard sessions.count == pageSize else { return }
                offset += pageSize
            }
        } catch {
            if !Task.isCancelled { logger.warning("Resuming active agents failed", metadata: ["error": "\(error)"]) }
        }
    }
}
