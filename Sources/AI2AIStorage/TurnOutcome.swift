//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore

/// How one model turn leaves its task: the agent goes on, the task waits for its subtasks, or it ends.
///
/// A turn's outcome is decided once, by the orchestrator, and everything else derives from it: the
/// status change AgentStore/commitTurn(_:) applies (TurnCommit/outcome) and the kind
/// stored with the turn's transcript (TurnRecord/payload). A task's own end is a TaskOutcome;
/// finish(_:) carries it.
public enum TurnOutcome: Sendable, Hashable {
    /// The task stays in progress; the agent takes another turn.
    case `continue`
    /// The task waits for its subtasks (or returns to pending when none is open).
    case waitForChildren
    /// The task ends with this outcome (and may return a waiting parent to pending).
    case finish(TaskOutcome)

    /// The outcome without the task's result: what a stored turn records.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// See TurnOutcome/continue.
        case `continue` = "continue"
        /// See TurnOutcome/waitForChildren.
        case waitForChildren = "waiting"
        /// See TurnOutcome/finish(_:).
        case finish = "finished"
    }

    /// The kind of the outcome.
    public var kind: Kind {
        switch self {
        case .continue: .continue
        case .waitForChildren: .waitForChildren
        case .finish: .finish
        }
    }
}
