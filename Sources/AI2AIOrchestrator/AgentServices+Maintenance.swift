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
                await samplePendingTasks()
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

    /// Tells subscribers about events that other processes stored, every
    /// ``Orchestrator/Configuration/eventPollInterval``, until cancelled.
    func pollEventLog() async {
        var position: Int64?
        while !Task.isCancelled {
            position = await events.pollOtherProcesses(after: position)
            // Real time, not the configured clock: this bounds how late another process's events
            // arrive, which no test clock decides (and its waits would crowd a test clock's record).
            try? await Task.sleep(for: configuration.eventPollInterval)
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

    /// Records how many tasks wait for a worker, in the whole store (``AgentStore/countTasks(status:)``).
    func samplePendingTasks() async {
        guard let pending = try? await store.countTasks(status: .pending) else { return }
        metrics.recordPendingTasks(pending)
    }

    /// Returns tasks of crashed workers to pending (or fails them after too many attempts); the
    /// store writes the events that report it in the same transaction.
    func recoverExpiredLeases() async {
        do {
            let changed = try await store.recoverExpiredLeases(maxAttempts: configuration.maxAttempts)
            guard !changed.isEmpty else { return }
            metrics.countRecoveries(changed)
            for session in Set(changed.map(\.sessionID)) { events.changed(session) }
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

    /// Every this many polls the dispatcher is woken even when the store reports no change.
    static var forcedPollPeriod: Int { 30 }

    /// Wakes the dispatcher when the store may hold
    /// work this process was not told about: its rows changed since the last poll
    /// (``AgentStore/changeToken()``: another process wrote), or on every ``forcedPollPeriod``-th poll.
    func pollPendingTasks(lastToken: inout UInt64?, forced: Bool) async {
        let token = try? await store.changeToken()
        if forced || token == nil || token != lastToken { dispatcher.kick() }
        lastToken = token
    }
}
