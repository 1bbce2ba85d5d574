//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore

/// What AgentStore/finish(_:_:) did.
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
