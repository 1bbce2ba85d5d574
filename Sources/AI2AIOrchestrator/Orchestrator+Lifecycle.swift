//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
import AI2AIStorage
import Logging

extension Orchestrator {
    /// Lists sessions, newest first, each with its task counts by status, its derived
    /// ``SessionStatus`` and its last activity.
    /// - Parameters:
    ///   - limit: At most this many sessions (at least 1).
    ///   - offset: Skip this many first (for the next page, the previous offset plus `limit`).
    /// - Returns: A page of summaries; fewer than `limit` on the last page.
    public func sessions(limit: Int = 50, offset: Int = 0) async throws -> [SessionSummary] {
        try await store.sessionSummaries(limit: max(1, limit), offset: max(0, offset))
    }

    /// Cancels a session: stops spending on it at once.
    ///
    /// Every pending, in-progress or waiting task becomes ``TaskStatus/cancelled`` (with `reason` as
    /// its error) in one store transaction; the model calls this process is making for the session
    /// are cancelled at once, and a process sharing the store stops its call when it next renews
    /// the lease. Finished tasks and the history (turns, updates, usage) are kept. The session's
    /// events announce each change (`task_status_changed` to `cancelled`), then `session_cancelled`.
    ///
    /// Cancelling a session with no open task changes nothing and is not an error. A message sent
    /// afterwards starts new work as usual.
    /// - Parameters:
    ///   - id: The session.
    ///   - reason: The cancelled tasks' error. Default "Cancelled".
    /// - Returns: The tasks cancelled, after the change, oldest first.
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session.
    @discardableResult
    public func cancelSession(_ id: SessionID, reason: String = "Cancelled") async throws -> [AgentTask] {
        try await services.cancel(.session(id), reason: reason).cancelled.map(\.task)
    }

    /// Cancels a task and its open subtasks at every depth, as ``cancelSession(_:reason:)`` does for
    /// a whole session. When the task was the last open subtask of a waiting parent, the parent
    /// continues (with the cancellation in its subtasks' results), as after any subtask's end.
    ///
    /// Cancelling a finished task changes nothing and is not an error.
    /// - Parameters:
    ///   - id: The task.
    ///   - reason: The cancelled tasks' error. Default "Cancelled".
    /// - Returns: The tasks cancelled, after the change, oldest first.
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown task.
    @discardableResult
    public func cancelTask(_ id: TaskID, reason: String = "Cancelled") async throws -> [AgentTask] {
        try await services.cancel(.task(id), reason: reason).cancelled.map(\.task)
    }

    /// Deletes a session: cancels it if it has open tasks (see ``cancelSession(_:reason:)``), waits
    /// for this process's in-flight work on it to stop, removes every row that belongs to it, and
    /// frees everything this orchestrator keeps for it (event channel, gate). Subscribers of its events get
    /// `session_deleted`, then their stream ends.
    /// - Parameter id: The session.
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session.
    public func deleteSession(_ id: SessionID) async throws {
        _ = try await store.session(id)
        _ = try await services.cancel(.session(id), reason: "The session was deleted")
        await services.stopWork(of: id)
        try await services.withSessionGate(id) { try await store.deleteSession(id) }
        services.forget(id)
        services.logger.info("Deleted a session", metadata: ["session.id": "\(id)"])
    }
}
