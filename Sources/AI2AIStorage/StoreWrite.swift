//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

package import AI2AICore
package import Foundation

/// One row change that a life-cycle transition (``TaskLifecycle``) asks a backend to make. A
/// backend applies a transition's writes in order, inside the transaction it computed them in, and
/// nothing else: every rule lives in the function that produced them.
///
/// New kinds of rows written with a turn (session events, tool calls) are new cases here and new
/// fields of ``TurnCommit``: ``TaskLifecycle/commitTurn(_:reads:now:)`` appends them to the same
/// transition, and each backend adds one `apply` branch.
package enum StoreWrite: Sendable, Hashable {
    /// Insert a new task (validated, depth set).
    case insertTask(AgentTask)
    /// Write every mutable column of a task; with a progress, its claim progress too.
    case updateTask(AgentTask, progress: ClaimProgress?)
    /// Set the claim progress of an in-progress task.
    case setProgress(TaskID, ClaimProgress)
    /// Set how many times the processes working a task stopped during its model calls.
    case setProcessStops(TaskID, Int)
    /// Give a session the next claim number (claim fairness).
    case markSessionClaimed(SessionID)
    /// Upsert a context entry.
    case setContext(ContextEntry)
    /// Append an update.
    case appendUpdate(TaskUpdate)
    /// Record a model call's usage.
    case recordUsage(UsageRecord)
    /// Store a turn.
    case insertTurn(TurnRecord)
    /// Append a session event to the session's log, under the session's next sequence number.
    case appendEvent(SessionID, SessionEvent.Kind, at: Date)
}

/// What a transition returns and what it writes.
package struct Transition<Result> {
    package var result: Result
    package var writes: [StoreWrite]
}

extension Transition: Sendable where Result: Sendable {}

/// What the life cycle reads, inside the transaction that will apply its writes. Each backend
/// answers from its own rows; a read never sees the writes of the transition being computed (the
/// life cycle accounts for those itself).
package protocol LifecycleReads {
    /// The task, or `.notFound`.
    func task(_ id: TaskID) throws -> AgentTask
    /// Whether a task with this identifier exists.
    func taskExists(_ id: TaskID) throws -> Bool
    /// The session, or `.notFound`.
    func session(_ id: SessionID) throws -> Session
    /// The agent, or `.notFound`.
    func agent(_ id: AgentID) throws -> Agent
    /// How far the current claim of an in-progress task got.
    func claimProgress(of task: TaskID) throws -> ClaimProgress
    /// How many times the processes working the task stopped during its model calls.
    func processStops(of task: TaskID) throws -> Int
    /// When the orchestrator instance last beat (``AgentStore/recordHeartbeat(instance:)``), if ever.
    func lastHeartbeat(of instance: String) throws -> Date?
    /// Whether the task has a subtask that is not finished, other than `excluded`.
    func hasOpenChild(_ parent: TaskID, excluding excluded: TaskID?) throws -> Bool
    /// Whether the task's turn with this index is stored.
    func turnExists(_ task: TaskID, index: Int) throws -> Bool
    /// Whether an update with this identifier is stored.
    func updateExists(_ id: String) throws -> Bool
}
