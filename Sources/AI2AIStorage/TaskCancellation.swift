//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore

/// Which tasks ``AgentStore/cancelTasks(_:reason:)`` cancels.
public enum CancellationScope: Sendable, Hashable {
    /// Every open task of a session.
    case session(SessionID)
    /// A task and its open subtasks, at every depth.
    case task(TaskID)
}

/// One task that ``AgentStore/cancelTasks(_:reason:)`` cancelled.
public struct CancelledTask: Sendable, Hashable {
    /// The task after the change: `cancelled`, without a lease, with the reason as its error.
    public var task: AgentTask
    /// Its status before (`pending`, `in_progress` or `waiting`).
    public var previousStatus: TaskStatus
    /// Who held its lease when it was in progress: the worker that must stop.
    public var previousLeaseOwner: String?

    /// Creates a value.
    /// - Parameters:
    ///   - task: The task after the change.
    ///   - previousStatus: Its status before.
    ///   - previousLeaseOwner: Its lease owner before, if it was in progress.
    public init(task: AgentTask, previousStatus: TaskStatus, previousLeaseOwner: String?) {
        self.task = task
        self.previousStatus = previousStatus
        self.previousLeaseOwner = previousLeaseOwner
    }
}

/// What ``AgentStore/cancelTasks(_:reason:)`` changed.
public struct CancellationResult: Sendable, Hashable {
    /// The tasks cancelled, oldest first; empty when none was open.
    public var cancelled: [CancelledTask]
    /// A waiting parent that returned to `pending` because its last open subtask was cancelled
    /// (only for ``CancellationScope/task(_:)``).
    public var resumedParent: AgentTask?

    /// Creates a value.
    /// - Parameters:
    ///   - cancelled: The tasks cancelled.
    ///   - resumedParent: A waiting parent returned to `pending`.
    public init(cancelled: [CancelledTask], resumedParent: AgentTask?) {
        self.cancelled = cancelled
        self.resumedParent = resumedParent
    }
}
