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
    /// How many sessions retention deletes per store call.
    static let retentionBatch = 500

    /// Cancels open tasks in the store, announces it, stops this process's workers of the cancelled
    /// in-progress tasks at once, and wakes a parent that the cancellation resumed.
    func cancel(_ scope: CancellationScope, reason: String) async throws -> CancellationResult {
        let session: SessionID
        switch scope {
        case .session(let id): session = id
        case .task(let id): session = try await store.task(id).sessionID
        }
        let result = try await withSessionGate(session) {
            let result = try await store.cancelTasks(scope, reason: reason)
            events.changed(session)
            return result
        }
        for cancelled in result.cancelled where cancelled.previousStatus == .inProgress {
            if let owner = cancelled.previousLeaseOwner { inFlight.cancel(owner) }
        }
        if let parent = result.resumedParent { wake(parent.assignedTo) }
        if !result.cancelled.isEmpty {
            logger.info(
                "Cancelled tasks",
                metadata: ["session.id": "\(session)", "task.count": "\(result.cancelled.count)"]
            )
        }
        return result
    }

    /// Stops this process's in-flight work for a session's agents and waits until their tasks are
    /// given back (the dispatcher keeps nothing else per session).
    func stopWork(of session: SessionID) async {
        await dispatcher.claimBarrier()
        await dispatcher.stop(sessions: [session])
    }

    /// Frees what this process keeps for a deleted session: its event channel (subscribers get
    /// `session_deleted`, then their stream ends). Its gate is freed by its last user.
    func forget(_ session: SessionID) {
        events.close(session)
    }

    /// Deletes the sessions whose last activity is older than `retention`, in batches, and frees
    /// what this process keeps for them.
    func deleteExpiredSessions(retention: Duration) async {
        let cutoff = clock.now.adding(.zero - retention)
        var total = 0
        do {
            while !Task.isCancelled {
                let deleted = try await store.deleteFinishedSessions(
                    lastActiveBefore: cutoff,
                    limit: Self.retentionBatch
                )
                for session in deleted {
                    await stopWork(of: session)
                    forget(session)
                }
                total += deleted.count
                guard deleted.count == Self.retentionBatch else { break }
            }
        } catch {
            if !Task.isCancelled {
                logger.warning("Deleting expired sessions failed", metadata: ["error": "\(error)"])
            }
        }
        if total > 0 {
            logger.info("Deleted sessions past their retention", metadata: ["session.count": "\(total)"])
        }
    }
}
