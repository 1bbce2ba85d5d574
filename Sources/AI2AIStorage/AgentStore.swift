//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import Foundation

/// Where sessions, agents, tasks and everything attached to them are kept.
///
/// Every method is atomic: a compound operation (claiming a task, finishing the last child of a
/// waiting parent, committing a turn) either happens entirely or not at all, even when several
/// processes share the backend. Unknown identifiers throw ``AI2AIError`` with code `.notFound`;
/// a transition the task's status does not allow throws `.invalidTransition`.
///
/// Two backends ship with AI2AI: ``SQLiteStore`` (the default, on disk) and ``InMemoryStore``
/// (for tests and throw-away sessions). `AI2AITesting` contains the conformance suite a new
/// backend must pass; Documentation/Storage.md explains the semantics in detail.
public protocol AgentStore: Sendable {
    // MARK: Sessions and agents

    /// Creates a session together with its agents.
    /// - Throws: `.conflict` when the identifier exists or two agents share a name or index;
    ///   `.invalidArgument` when an agent belongs to another session.
    func createSession(_ session: Session, agents: [Agent]) async throws

    /// Returns the session with this identifier.
    /// - Throws: `.notFound`.
    func session(_ id: SessionID) async throws -> Session

    /// Lists sessions, newest first.
    /// - Parameters:
    ///   - limit: At most this many sessions.
    ///   - offset: Skip this many first.
    func sessions(limit: Int, offset: Int) async throws -> [Session]

    /// Deletes a session and everything that belongs to it.
    /// - Throws: `.notFound`.
    func deleteSession(_ id: SessionID) async throws

    /// Returns the session's agents ordered by index.
    /// - Throws: `.notFound` for an unknown session.
    func agents(in session: SessionID) async throws -> [Agent]

    /// Returns the agent with this identifier.
    /// - Throws: `.notFound`.
    func agent(_ id: AgentID) async throws -> Agent

    /// Marks an agent active or inactive.
    /// - Throws: `.notFound`.
    func setAgentActive(_ id: AgentID, isActive: Bool) async throws

    // MARK: Tasks

    /// Stores a new task.
    ///
    /// A task with a parent must be in the parent's session; its depth is set to the parent's
    /// depth + 1. The assignee must be an agent of the session.
    /// - Returns: The task as stored.
    /// - Throws: `.notFound` for an unknown session, parent or assignee; `.conflict` for a
    ///   duplicate identifier; `.invalidTransition` when the parent is terminal.
    func createTask(_ task: AgentTask) async throws -> AgentTask

    /// Returns the task with this identifier.
    /// - Throws: `.notFound`.
    func task(_ id: TaskID) async throws -> AgentTask

    /// Lists tasks matching a filter, oldest first.
    func tasks(_ filter: TaskFilter) async throws -> [AgentTask]

    /// How many tasks of every session have this status: the `pending` count is the depth of the
    /// queue of work waiting for a worker (the orchestrator samples it for its metrics).
    ///
    /// The default lists the tasks with ``tasks(_:)`` and counts them; stores count in the database.
    func countTasks(status: TaskStatus) async throws -> Int

    /// Atomically moves the next ready task of any agent the request admits to `in_progress` under
    /// the request's lease, and returns it with everything its next turn needs.
    ///
    /// One call, one transaction. A task is ready when it is `pending` and its agent is active,
    /// has its provider in `request.providers`, belongs to a session in `request.scope`, and has
    /// fewer tasks in progress than its ``AI2AICore/Agent/maxRunning`` (counted in the claim's own
    /// transaction, so the limit holds across processes). Among ready tasks the claim prefers the
    /// session with the fewest tasks in progress, then the session claimed from longest ago, then
    /// the oldest task (see ``ClaimRequest``). Two concurrent callers, in one process or several,
    /// never receive the same task. The claim does not change `attempt` (see
    /// ``recoverExpiredLeases(maxAttempts:)``).
    /// - Parameter request: The lease, the scope and the admitted providers.
    /// - Returns: The claimed task and its turn's inputs, or `nil` when no task is ready.
    func claimNext(_ request: ClaimRequest) async throws -> ClaimedTask?

    /// Atomically moves the oldest pending task of one agent to `in_progress` under a lease that
    /// expires `lease.duration` after the store's now, when the agent has fewer tasks in progress
    /// than its ``AI2AICore/Agent/maxRunning``.
    ///
    /// The per-agent form of ``claimNext(_:)``, with the same rules except that it neither checks
    /// the agent's provider nor whether it is active (its caller is that agent's own loop). Two
    /// concurrent callers never receive the same task.
    /// - Returns: The claimed task, or `nil` when the agent has no pending task or is at its limit.
    func claimNextTask(for agent: AgentID, lease: Lease) async throws -> AgentTask?

    /// Records that the holder of a task's lease is about to start a model call for it.
    ///
    /// ``recoverExpiredLeases(maxAttempts:)`` charges an attempt for an expired lease only when a
    /// call was started under it and no turn was committed since the claim: work that was claimed
    /// but never started (waiting for a provider slot, say) is never charged. Cheap: one row update.
    /// - Throws: `.leaseLost` when the task is not in progress under `owner`; `.notFound`.
    func markCallStarted(_ task: TaskID, owner: String) async throws

    /// Extends the lease of an in-progress task to `lease.duration` after the store's now.
    /// - Throws: `.leaseLost` when the task is not in progress under `lease.owner`.
    func renewLease(_ task: TaskID, lease: Lease) async throws

    /// Gives an in-progress task back: it returns to `pending` without a lease.
    /// - Throws: `.leaseLost` when the task is not in progress under `owner`.
    func releaseLease(_ task: TaskID, owner: String) async throws

    /// Ends a task with an outcome.
    ///
    /// In the same transaction, when the task was the last open child of a `waiting` parent, the
    /// parent returns to `pending`.
    /// - Returns: The finished task, and the parent it returned to `pending`, if any.
    /// - Throws: `.notFound`; `.invalidTransition` when the task is already terminal.
    func finish(_ task: TaskID, _ outcome: TaskOutcome) async throws -> FinishResult

    /// Parks an in-progress task until its subtasks finish: it becomes `waiting` when a child is
    /// still open, `pending` otherwise. The lease is dropped either way.
    /// - Returns: The task after the change.
    /// - Throws: `.notFound`; `.invalidTransition` when the task is not in progress.
    func waitForChildren(_ task: TaskID) async throws -> AgentTask

    /// Returns in-progress tasks whose lease has expired by the store's clock to `pending`.
    ///
    /// An expired claim costs something only when a model call was started under it
    /// (``markCallStarted(_:owner:)``) and it committed no turn since it was claimed; a claim that
    /// never started a call, or that committed a turn, goes back to `pending` at the same attempt.
    /// What it costs depends on the heartbeat of the orchestrator instance that held it (the lease
    /// owner up to its last `/`, ``recordHeartbeat(instance:)``):
    ///
    /// - The instance beat after the lease expired, or never beat: the claim stalled in a live
    ///   process. It is charged an attempt (`attempt` + 1); a task whose `attempt` reaches
    ///   `maxAttempts` fails instead, with an error that says so (and may return a waiting parent
    ///   to `pending`, as ``finish(_:_:)`` does).
    /// - The instance stopped beating before the lease expired: its process stopped (a crash, a
    ///   kill, a lost machine). That is not the task's fault and costs no attempt; the task fails
    ///   only when this happened to it 10 times, as a task that may be what stops its processes.
    ///
    /// The store's own notion of now decides, never the caller's: every process sharing a database
    /// agrees on which leases have expired.
    /// - Returns: The tasks that changed, after the change.
    func recoverExpiredLeases(maxAttempts: Int) async throws -> [AgentTask]

    /// Records that an orchestrator instance is alive, at the store's now. An orchestrator beats
    /// under its per-run instance (its lease owners are `"<instance>/<claim>"`) as it starts and
    /// then more often than its leases expire; ``recoverExpiredLeases(maxAttempts:)`` uses the last
    /// beat to tell a stopped process from a stalled claim. Beats older than a day are dropped.
    func recordHeartbeat(instance: String) async throws

    /// A value that changes whenever rows of the store may have changed, by this process or another,
    /// since it was last read. The orchestrator's store poll wakes its dispatcher only when it
    /// changed, so that an idle process does not claim (a write transaction) every poll.
    ///
    /// ``SQLiteStore`` answers from `PRAGMA data_version` and its own commits, without a lock. The
    /// default, for a store that cannot tell, is a new value each time.
    func changeToken() async throws -> UInt64

    /// Wake-ups that the store pushes when a commit of any process may have made a task ready
    /// (PostgreSQL's `LISTEN`/`NOTIFY`), so that a waiting orchestrator claims within milliseconds
    /// instead of at its next poll. Each call starts a new stream; ending its iteration stops it.
    /// The default, for a store that cannot push (SQLite, memory), is `nil`: the orchestrator's
    /// poll (``changeToken()``) finds other processes' work.
    func readyWorkNotifications() -> AsyncStream<Void>?

    /// Applies the outcome of one model turn atomically: the turn's transcript, its usage, and
    /// every effect of its actions (subtasks, context, updates, the task's new status).
    ///
    /// A turn index can be committed once per task; the caller must hold the task's lease. This is
    /// what makes agent work exactly-once across crashes: either the whole turn is stored, or none of it.
    /// - Throws: `.leaseLost` when the lease is not held; `.conflict` when the turn is already stored;
    ///   `.notFound` and `.invalidTransition` as the individual operations would.
    func commitTurn(_ commit: TurnCommit) async throws -> TurnCommitResult

    /// Returns the stored turns of a task, in order.
    func turns(of task: TaskID) async throws -> [TurnRecord]

    // MARK: Context, updates, messages, usage

    /// Sets a context entry, replacing the value of an existing key.
    /// - Throws: `.notFound` for an unknown task.
    func setContext(_ entry: ContextEntry) async throws

    /// Returns a task's context entries ordered by key.
    func context(of task: TaskID) async throws -> [ContextEntry]

    /// Appends an update to a task.
    /// - Throws: `.notFound` for an unknown task.
    func appendUpdate(_ update: TaskUpdate) async throws

    /// Returns updates in the order they were appended: those of one task, or of a whole session.
    func updates(_ scope: UpdateScope) async throws -> [TaskUpdate]

    /// Appends a message to a session's conversation.
    /// - Throws: `.notFound` for an unknown session.
    func appendMessage(_ message: SessionMessage) async throws

    /// Appends messages to sessions' conversations, in order, and records usage, in one
    /// transaction: concurrent callers never interleave their messages, and a refused call (an
    /// unknown session) stores nothing. One feedback exchange (question, answer, usage) is one call.
    /// - Throws: `.notFound` for an unknown session.
    func appendMessages(_ messages: [SessionMessage], usage: [UsageRecord]) async throws

    /// Returns a session's messages in the order they were appended.
    func messages(in session: SessionID) async throws -> [SessionMessage]

    /// Records the usage of one model call.
    /// - Throws: `.notFound` for an unknown session.
    func recordUsage(_ record: UsageRecord) async throws

    /// Sums recorded usage.
    func usage(_ scope: UsageScope) async throws -> UsageTotals

    // MARK: Session life cycle

    /// Lists sessions, newest first (by creation, then identifier), each with its task counts by
    /// status and its last activity, in one read.
    /// - Parameters:
    ///   - limit: At most this many sessions.
    ///   - offset: Skip this many first.
    func sessionSummaries(limit: Int, offset: Int) async throws -> [SessionSummary]

    /// Cancels open tasks atomically: each `pending`, `in_progress` or `waiting` task of the scope
    /// becomes `cancelled` with `reason` as its error and without a lease. Terminal tasks and their
    /// history (turns, updates, usage) are kept unchanged. A worker that held the lease of a cancelled
    /// task finds it gone at its next store call (``Lease``), so that its work stops there at the latest.
    ///
    /// For ``CancellationScope/task(_:)``, the task's open subtasks at every depth are cancelled too,
    /// and, as ``finish(_:_:)`` does, a `waiting` parent whose last open child this was returns to
    /// `pending`. Cancelling a scope with nothing open changes nothing.
    /// - Returns: The tasks cancelled, and a parent returned to `pending`.
    /// - Throws: `.notFound` for an unknown session or task.
    func cancelTasks(_ scope: CancellationScope, reason: String) async throws -> CancellationResult

    /// Deletes, as ``deleteSession(_:)`` does, up to `limit` sessions that have no open task and
    /// whose last activity (``SessionSummary/lastActivityAt``) is before `date`, oldest first, and
    /// gives the space they took back to the file system where the backend can.
    /// - Returns: The identifiers of the sessions deleted.
    func deleteFinishedSessions(lastActiveBefore date: Date, limit: Int) async throws -> [SessionID]

    // MARK: Event log

    /// A session's stored events (``SessionEvent/isStored``) with a sequence number above `sequence`,
    /// in order, at most `limit` of them. Every write that changes a session's tasks stores the
    /// events that report it in the same transaction, numbered 1, 2, 3, ... per session.
    /// - Returns: An empty array for an unknown (or deleted) session.
    func events(of session: SessionID, after sequence: UInt64, limit: Int) async throws -> [SessionEvent]

    /// Stores events that report nothing else the store holds (an agent started in a process, a
    /// model call retried), in one transaction, under the session's next sequence numbers.
    /// Kinds that are not stored (``SessionEvent/Kind/isStored``) are skipped.
    /// - Returns: The events stored, with their sequence numbers and timestamps.
    /// - Throws: `.notFound` for an unknown session.
    func appendEvents(_ kinds: [SessionEvent.Kind], to session: SessionID) async throws -> [SessionEvent]

    /// The sessions that stored events after `position` in the store-wide order of events, and the
    /// position to ask from next; with `nil`, only the current position (no sessions). A process
    /// asks this periodically to deliver events that other processes wrote to the same database.
    func eventLogChanges(after position: Int64?) async throws -> EventLogChanges
}

/// What ``AgentStore/eventLogChanges(after:)`` found.
public struct EventLogChanges: Sendable, Hashable {
    /// The sessions with events stored after the position asked about.
    public var sessions: Set<SessionID>
    /// The position to ask from next.
    public var position: Int64

    /// Creates a value.
    public init(sessions: Set<SessionID>, position: Int64) {
        self.sessions = sessions
        self.position = position
    }
}

/// A claim on an in-progress task: who holds it, and for how long from the moment the store writes it.
///
/// The store turns the duration into an expiry with its own notion of now (the ``AI2AIClock`` of
/// ``InMemoryStore`` and ``SQLiteStore``; a database shared by several processes may use the
/// database's clock), and ``AgentStore/recoverExpiredLeases(maxAttempts:)`` compares against the
/// same clock, so a lease never depends on the wall clock of the process that holds it.
public struct Lease: Sendable, Hashable {
    /// Who holds the lease (an orchestrator instance and agent, for example).
    public var owner: String
    /// How long the lease lasts from the claim or renewal unless renewed again.
    public var duration: Duration

    /// Creates a lease.
    /// - Parameters:
    ///   - owner: Who holds it.
    ///   - duration: How long it lasts from the moment the store writes it.
    public init(owner: String, duration: Duration) {
        self.owner = owner
        self.duration = duration
    }
}

/// Which tasks ``AgentStore/tasks(_:)`` returns. Every set field must match.
public struct TaskFilter: Sendable, Hashable {
    /// Only tasks of this session.
    public var sessionID: SessionID?
    /// Only tasks with one of these statuses.
    public var statuses: Set<TaskStatus>?
    /// Only tasks assigned to this agent.
    public var assignedTo: AgentID?
    /// Only subtasks of this task.
    public var parentID: TaskID?
    /// Only root tasks (no parent).
    public var rootsOnly: Bool

    /// Creates a filter; a field left `nil` matches everything.
    public init(
        sessionID: SessionID? = nil,
        statuses: Set<TaskStatus>? = nil,
        assignedTo: AgentID? = nil,
        parentID: TaskID? = nil,
        rootsOnly: Bool = false
    ) {
        self.sessionID = sessionID
        self.statuses = statuses
        self.assignedTo = assignedTo
        self.parentID = parentID
        self.rootsOnly = rootsOnly
    }

    /// The tasks of a session.
    public static func session(_ id: SessionID) -> TaskFilter { TaskFilter(sessionID: id) }
    /// The subtasks of a task.
    public static func children(of id: TaskID) -> TaskFilter { TaskFilter(parentID: id) }

    /// Whether a task matches the filter.
    public func matches(_ task: AgentTask) -> Bool {
        if let sessionID, task.sessionID != sessionID { return false }
        if let statuses, !statuses.contains(task.status) { return false }
        if let assignedTo, task.assignedTo != assignedTo { return false }
        if let parentID, task.parentTaskID != parentID { return false }
        if rootsOnly, task.parentTaskID != nil { return false }
        return true
    }
}

/// Which updates ``AgentStore/updates(_:)`` returns.
public enum UpdateScope: Sendable, Hashable {
    /// The updates of one task.
    case task(TaskID)
    /// The updates of every task of a session.
    case session(SessionID)
}

/// Which usage records ``AgentStore/usage(_:)`` sums.
public enum UsageScope: Sendable, Hashable {
    /// One session's calls.
    case session(SessionID)
    /// One task's calls.
    case task(TaskID)
    /// One agent's calls.
    case agent(AgentID)
}

extension AgentStore {
    /// The subtasks of a task, oldest first.
    public func children(of task: TaskID) async throws -> [AgentTask] {
        try await tasks(.children(of: task))
    }

    /// Returns the agent at a 0-based index of a session.
    /// - Throws: `.notFound` when the session has no such agent.
    public func agent(in session: SessionID, index: Int) async throws -> Agent {
        guard let agent = try await agents(in: session).first(where: { $0.index == index }) else {
            throw AI2AIError.notFound("Agent index", "\(index) of session \(session)")
        }
        return agent
    }
}

extension AgentStore {
    /// Lists the tasks with the status and counts them.
    public func countTasks(status: TaskStatus) async throws -> Int {
        try await tasks(TaskFilter(statuses: [status])).count
    }

    /// A new value each time: the store cannot tell whether it changed, so every poll looks.
    public func changeToken() async throws -> UInt64 { UInt64.random(in: 0...UInt64.max) }

    /// `nil`: the store pushes no wake-ups, and the orchestrator polls.
    public func readyWorkNotifications() -> AsyncStream<Void>? { nil }
}
