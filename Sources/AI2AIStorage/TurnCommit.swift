//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import Foundation

/// One stored model turn of a task: the transcript messages it added, kept as opaque JSON so that
/// storage does not depend on the provider types.
public struct TaskTurn: Sendable, Hashable {
    /// The task.
    public var taskID: TaskID
    /// 0-based position among the task's turns.
    public var index: Int
    /// The transcript messages of the turn (the model's answer and the results of its actions),
    /// encoded by the orchestrator.
    public var payload: Data
    /// When the turn was stored.
    public var createdAt: Date

    /// Creates a turn.
    public init(taskID: TaskID, index: Int, payload: Data, createdAt: Date) {
        self.taskID = taskID
        self.index = index
        self.payload = payload
        self.createdAt = createdAt
    }
}

/// Everything one model turn changes, applied atomically by ``AgentStore/commitTurn(_:)``.
public struct TurnCommit: Sendable {
    /// What happens to the task after the turn.
    public enum Transition: Sendable, Hashable {
        /// The task stays in progress; the agent takes another turn.
        case `continue`
        /// The task ends with this outcome (and may return a waiting parent to pending).
        case finish(TaskOutcome)
        /// The task waits for its subtasks (or returns to pending when none is open).
        case waitForChildren
    }

    /// The turn to store; its `taskID` names the task being worked.
    public var turn: TaskTurn
    /// The lease owner the caller claimed the task with.
    public var leaseOwner: String
    /// Subtasks to create (their parent must be the task).
    public var subtasks: [AgentTask]
    /// Context entries to set, on this task or others of the session.
    public var context: [ContextEntry]
    /// Updates to append, on this task or others of the session.
    public var updates: [TaskUpdate]
    /// Usage of the turn's model call.
    public var usage: UsageRecord?
    /// What happens to the task.
    public var transition: Transition

    /// Creates a commit.
    public init(
        turn: TaskTurn,
        leaseOwner: String,
        subtasks: [AgentTask] = [],
        context: [ContextEntry] = [],
        updates: [TaskUpdate] = [],
        usage: UsageRecord? = nil,
        transition: Transition = .continue
    ) {
        self.turn = turn
        self.leaseOwner = leaseOwner
        self.subtasks = subtasks
        self.context = context
        self.updates = updates
        self.usage = usage
        self.transition = transition
    }
}

/// What ``AgentStore/commitTurn(_:)`` did.
public struct TurnCommitResult: Sendable, Hashable {
    /// The task after the turn.
    public var task: AgentTask
    /// The subtasks created, as stored.
    public var subtasks: [AgentTask]
    /// The parent that returned to `pending` because this task was its last open child, if any.
    public var resumedParent: AgentTask?

    /// Creates a result.
    public init(task: AgentTask, subtasks: [AgentTask], resumedParent: AgentTask?) {
        self.task = task
        self.subtasks = subtasks
        self.resumedParent = resumedParent
    }
}

/// What ``AgentStore/finish(_:_:)`` did.
public struct FinishResult: Sendable, Hashable {
    /// The finished task.
    public var task: AgentTask
    /// The parent that returned to `pending` because this task was its last open child, if any.
    public var resumedParent: AgentTask?

    /// Creates a result.
    public init(task: AgentTask, resumedParent: AgentTask?) {
        self.task = task
        self.resumedParent = resumedParent
    }
}
