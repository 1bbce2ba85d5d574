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

extension AgentServices {
    /// Polls the store for pending tasks of other processes, recovers expired leases and records
    /// the heartbeat, until cancelled.
    ///
    /// Both run on ``Orchestrator/Configuration/clock``: the poll every
    /// ``Orchestrator/Configuration/pollInterval``, the recovery every
    /// ``Orchestrator/Configuration/recoveryInterval``. Recovered tasks wake the dispatcher.
    func maintain() async {
        var nextRecovery: Date?
        var nextRetention: Date?
        var nextBeat = clock.now.adding(configuration.leaseRenewalInterval)
        var lastToken: UInt64?
        var polls = 0
        while !Task.isCancelled {
            if clock.now >= nextBeat {
                await beat()
                nextBeat = clock.now.adding(configuration.leaseRenewalInterval)
            }
            if nextRecovery.map({ clock.now >= $0 }) ?? true {
                await recoverExpiredLeases()
                nextRecovery = clock.now.adding(configuration.recoveryInterval)
            }
            if let retention = configuration.retention, nextRetention.map({ clock.now >= $0 }) ?? true {
                await deleteExpiredSessions(retention: retention)
                nextRetention = clock.now.adding(configuration.retentionCheckInterval)
            }
            await pollPendingTasks(lastToken: &lastToken, forced: polls % Self.forcedPollPeriod == 0)
            polls += 1
            try? await clock.sleep(for: configuration.pollInterval)
        }
    }

    /// Records that this incarnation is alive, as often as leases are renewed, so that recovery
    /// can tell its stop from a stalled claim (``AgentStore/recordHeartbeat(instance:)``).
    func beat() async {
        do {
            try await store.recordHeartbeat(instance: incarnation)
        } catch {
            if !Task.isCancelled { logger.warning("Recording the heartbeat failed", metadata: ["error": "\(error)"]) }
        }
    }

    /// Returns tasks of crashed workers to pending (or fails them after too many attempts).
    ///
    /// The write and its announcement happen under the gates of the sessions concerned, as every
    /// write that makes a task pending does: a lane may claim a recovered task as soon as the write
    /// is done, and its `pending -> in_progress` must come after the recovery's `in_progress -> pending`.
    func recoverExpiredLeases() async {
        do {
            // The store decides which leases expired, by its own clock; this listing only chooses the
            // gates to take, and a task it misses is announced under its own gate below.
            let now = clock.now
            let expired = try await store.tasks(TaskFilter(statuses: [.inProgress])).filter {
                ($0.leaseExpiresAt ?? .distantPast) < now
            }
            guard !expired.isEmpty else { return }
            let sessions = Set(expired.map(\.sessionID)).sorted { $0.rawValue < $1.rawValue }
            let (changed, unannounced) = try await withSessionGates(sessions[...]) {
                let changed = try await store.recoverExpiredLeases(maxAttempts: configuration.maxAttempts)
                var unannounced: [AgentTask] = []
                for task in changed {
                    // Only a task whose lease expired after the listing falls outside the gates taken.
                    guard sessions.contains(task.sessionID) else {
                        unannounced.append(task)
                        continue
                    }
                    await announceRecovery(of: task)
                }
                return (changed, unannounced)
            }
            for task in unannounced {
                await withSessionGate(task.sessionID) { await announceRecovery(of: task) }
            }
            guard !changed.isEmpty else { return }
            logger.info("Recovered tasks with expired leases", metadata: ["task.count": "\(changed.count)"])
            for task in changed {
                wake(task.assignedTo)
                if task.status == .failed, let parentID = task.parentTaskID,
                    let parent = try? await store.task(parentID)
                {
                    wake(parent.assignedTo)
                }
            }
        } catch {
            if !Task.isCancelled { logger.warning("Recovering expired leases failed", metadata: ["error": "\(error)"]) }
        }
    }

    /// Publishes what the recovery did to a task (the caller holds its session's gate).
    private func announceRecovery(of task: AgentTask) async {
        var events: [SessionEvent.Kind] = [.taskStatusChanged(taskID: task.id, from: .inProgress, to: task.status)]
        if task.status == .failed {
            events.append(.taskFailed(task))
            // The store returns a waiting parent to pending when this was its last open child.
            if let parentID = task.parentTaskID, let parent = try? await store.task(parentID), parent.status == .pending
            {
                events.append(.taskStatusChanged(taskID: parent.id, from: .waiting, to: .pending))
            }
        }
        self.events.publish(task.sessionID, events)
    }

    /// Runs `body` holding the gates of several sessions, taken in the given (sorted) order; the
    /// only place that holds more than one gate, so no two holders can wait on each other.
    func withSessionGates<T>(_ sessions: ArraySlice<SessionID>, _ body: () async throws -> T) async rethrows -> T {
        guard let first = sessions.first else { return try await body() }
        return try await withSessionGate(first) { try await withSessionGates(sessions.dropFirst(), body) }
    }

    /// Every this many polls the dispatcher is woken even when the store reports no change.
    static var forcedPollPeriod: Int { 30 }

    /// Sweeps event channels without subscribers, and wakes the dispatcher when the store may hold
    /// work this process was not told about: its rows changed since the last poll
    /// (``AgentStore/changeToken()``: another process wrote), or on every ``forcedPollPeriod``-th poll.
    func pollPendingTasks(lastToken: inout UInt64?, forced: Bool) async {
        events.sweep()
        let token = try? await store.changeToken()
        if forced || token == nil || token != lastToken { dispatcher.kick() }
        lastToken = token
    }
}
