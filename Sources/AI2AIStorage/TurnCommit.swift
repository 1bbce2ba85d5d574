//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore

/// Everything one model turn changes, applied atomically by ``AgentStore/commitTurn(_:)``.
public struct TurnCommit: Sendable {
    /// The turn to store; its `taskID` names the task being worked.
    public var turn: TurnRecord
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
    public var outcome: TurnOutcome
    /// The model's whole answer text in this turn, stored in the session's log with a
    /// `turn_committed` event; `nil` for a turn without a model answer (no event).
    public var text: String?

    /// Creates a commit.
    public init(
        turn: TurnRecord,
        leaseOwner: String,
        subtasks: [AgentTask] = [],
        context: [ContextEntry] = [],
        updates: [TaskUpdate] = [],
        usage: UsageRecord? = nil,
        outcome: TurnOutcome = .continue,
        text: String? = nil
    ) {
        self.turn = turn
        self.leaseOwner = leaseOwner
        self.subtasks = subtasks
        self.context = context
        self.updates = updates
        self.usage = usage
        self.outcome = outcome
        self.text = text
    }
}
