//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore

/// What AgentStore/commitTurn(_:) did.
public struct TurnCommitResult: Sendable, Hashable {
    /// The task after the turn.
    public var task: AgentTask
    /// The subtasks created, as stored.
    public var subtasks: [AgentTask]
    /// The parent that returned to `pending` because this task was its last open child, if any.
    public var resumedParent: AgentTask?
    /// The sequence number of the last event the commit stored (0 when it stored none).
    public var lastEventSequence: UInt64 = 0

    /// Creates a result.
    public init(task: AgentTask, subtasks: [AgentTask], resumedParent: AgentTask?) {
        self.task = task
        self.subtasks = subtasks
        self.resumedParent = resumedParent
    }
}
