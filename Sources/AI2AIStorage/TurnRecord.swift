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
///
/// Written by AgentStore/commitTurn(_:) as part of a TurnCommit; read back, in order, by
/// AgentStore/turns(of:).
public struct TurnRecord: Sendable, Hashable {
    /// The task.
    public var taskID: TaskID
    /// 0-based position among the task's turns.
    public var index: Int
    /// The transcript messages of the turn (the model's answer and the results of its actions) and
    /// the turn's TurnOutcome/Kind, encoded by the orchestrator.
    public var payload: Data
    /// When the turn was stored.
    public var createdAt: Date

    /// Creates a turn record.
    public init(taskID: TaskID, index: Int, payload: Data, createdAt: Date) {
        self.taskID = taskID
        self.index = index
        self.payload = payload
        self.createdAt = createdAt
    }
}
