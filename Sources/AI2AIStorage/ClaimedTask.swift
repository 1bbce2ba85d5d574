//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore

/// A task claimed by ``AgentStore/claimNext(_:)``, with everything its next turn is built from, read
/// in the claim's transaction: a worker needs no further read before calling the model.
public struct ClaimedTask: Sendable, Hashable {
    /// The task, now `in_progress` under the request's lease.
    public var task: AgentTask
    /// The agent the task is assigned to.
    public var agent: Agent
    /// The task's session.
    public var session: Session
    /// Every agent of the session, by index (the agent included).
    public var roster: [Agent]
    /// The task's parent, for a subtask.
    public var parent: AgentTask?
    /// The task's context entries, ordered by key.
    public var context: [ContextEntry]
    /// The task's updates, in the order they were appended.
    public var updates: [TaskUpdate]
    /// The task's stored turns, in order.
    public var turns: [TurnRecord]
    /// The task's subtasks, oldest first (their results, for a task resumed after they finished).
    public var children: [AgentTask]
    /// The sequence number of the event that reported the claim (the task's last stored event
    /// when the claim was made); model text deltas of the claim follow it.
    public var lastEventSequence: UInt64 = 0
    /// Whether the task's agent had another pending task when the claim committed: a task that the
    /// agent's ``AI2AICore/Agent/maxRunning`` may have held back until this claim ends. The
    /// dispatcher claims again when the claim ends only if this is `true` or work was announced
    /// since. A store that cannot tell leaves it `true` (one claim more, never a stalled task).
    public var agentHasOtherPending = true
    /// Whether the request would have found another ready task right after this claim (in its
    /// transaction). When `false`, the dispatcher does not claim again for the request's providers
    /// until something announces ready work. A store that cannot tell leaves it `true`.
    public var moreReady = true

    /// The lease owner the task was claimed with.
    public var leaseOwner: String { task.leaseOwner ?? "" }

    /// Creates a claimed task.
    public init(
        task: AgentTask,
        agent: Agent,
        session: Session,
        roster: [Agent],
        parent: AgentTask?,
        context: [ContextEntry],
        updates: [TaskUpdate],
        turns: [TurnRecord],
        children: [AgentTask]
    ) {
        self.task = task
        self.agent = agent
        self.session = session
        self.roster = roster
        self.parent = parent
        self.context = context
        self.updates = updates
        self.turns = turns
        self.children = children
    }
}
