//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
import Foundation
import Synchronization

/// An ``AgentStore`` that keeps everything in memory, for tests and throw-away sessions.
///
/// It has the same semantics as ``SQLiteStore`` (both pass the conformance suite in
/// `AI2AITesting`); its data is gone when the value is released.
///
/// ```swift
/// let store = InMemoryStore()
/// let orchestrator = Orchestrator(store: store, models: registry)
/// ```
public final class InMemoryStore: AgentStore {
    /// The clock that stamps changes and decides when leases expire.
    public let clock: any AI2AIClock

    /// The state lives in a class instance behind the lock, so that the lock holds one reference
    /// rather than the whole state inline: with the state inline, Swift 6.3's release builds
    /// corrupted the heap once the state grew (Documentation/Performance.md, "Mutex").
    private let lock = Mutex(MemoryStateBox())

    /// Runs `body` with exclusive access to the state.
    func withState<T: Sendable, E: Error>(_ body: (inout MemoryState) throws(E) -> T) throws(E) -> T {
        try lock.withLock { (box: inout sending MemoryStateBox) throws(E) -> T in try body(&box.value) }
    }

    /// Creates an empty store.
    /// - Parameter clock: The clock that stamps changes and decides when leases expire;
    ///   ``SystemClock`` by default.
    public init(clock: any AI2AIClock = SystemClock()) {
        self.clock = clock
    }

    public func createSession(_ session: Session, agents: [Agent]) async throws {
        try withState { try $0.createSession(session, agents: agents) }
    }

    public func session(_ id: SessionID) async throws -> Session {
        try withState { try $0.session(id) }
    }

    public func sessions(limit: Int, offset: Int) async throws -> [Session] {
        withState { state in
            let sorted = state.sessions.values.sorted {
                ($0.createdAt, $0.id) > ($1.createdAt, $1.id)
            }
            return Array(sorted.dropFirst(max(0, offset)).prefix(max(0, limit)))
        }
    }

    public func deleteSession(_ id: SessionID) async throws {
        try withState { try $0.deleteSession(id) }
    }

    public func agents(in session: SessionID) async throws -> [Agent] {
        try withState { state in
            _ = try state.session(session)
            return state.agents.values.filter { $0.sessionID == session }.sorted { $0.index < $1.index }
        }
    }

    public func agent(_ id: AgentID) async throws -> Agent {
        try withState { try $0.agent(id) }
    }

    public func setAgentActive(_ id: AgentID, isActive: Bool) async throws {
        try withState { state in
            _ = try state.agent(id)
            state.agents[id]?.isActive = isActive
        }
    }

    public func createTask(_ task: AgentTask) async throws -> AgentTask {
        try withState { state in try state.run { try TaskLifecycle.create(task, reads: $0) } }
    }

    public func task(_ id: TaskID) async throws -> AgentTask {
        try withState { try $0.task(id) }
    }

    public func tasks(_ filter: TaskFilter) async throws -> [AgentTask] {
        withState { state in
            if let parent = filter.parentID {
                return state.children(of: parent).filter(filter.matches).sorted(by: state.isOlder)
            }
            return state.tasks.values.filter(filter.matches).sorted(by: state.isOlder)
        }
    }

    public func countTasks(status: TaskStatus) async throws -> Int {
        withState { state in state.tasks.values.count { $0.status == status } }
    }

    public func claimNext(_ request: ClaimRequest) async throws -> ClaimedTask? {
        let now = clock.now
        return try withState { state in
            guard let ready = state.nextReady(for: request) else { return nil }
            let (task, events) = state.runLogged { _ in
                TaskLifecycle.claim(ready, lease: request.lease, startsCall: request.startsCall, now: now)
            }
            var claimed = try state.claimedTask(task)
            claimed.lastEventSequence = events.last?.sequence ?? 0
            claimed.agentHasOtherPending = state.pendingByAgent[task.assignedTo]?.isEmpty == false
            claimed.moreReady = state.nextReady(for: request) != nil
            return claimed
        }
    }

    public func claimNextTask(for agent: AgentID, lease: Lease) async throws -> AgentTask? {
        let now = clock.now
        return withState { state in
            guard let ready = state.nextReady(for: agent) else { return nil }
            return state.run { _ in TaskLifecycle.claim(ready, lease: lease, startsCall: false, now: now) }
        }
    }

    public func markCallStarted(_ task: TaskID, owner: String) async throws {
        try withState { state in try state.run { try TaskLifecycle.markCallStarted(task, owner: owner, reads: $0) } }
    }

    public func renewLease(_ task: TaskID, lease: Lease) async throws {
        let now = clock.now
        try withState { state in try state.run { try TaskLifecycle.renew(task, lease: lease, reads: $0, now: now) } }
    }

    public func releaseLease(_ task: TaskID, owner: String) async throws {
        let now = clock.now
        _ = try withState { state in
            try state.run { try TaskLifecycle.release(task, owner: owner, reads: $0, now: now) }
        }
    }

    public func finish(_ task: TaskID, _ outcome: TaskOutcome) async throws -> FinishResult {
        let now = clock.now
        return try withState { state in
            try state.run { try TaskLifecycle.finish(task, outcome, reads: $0, now: now) }
        }
    }

    public func waitForChildren(_ task: TaskID) async throws -> AgentTask {
        let now = clock.now
        return try withState { state in try state.run { try TaskLifecycle.wait(task, reads: $0, now: now) } }
    }

    public func recordHeartbeat(instance: String) async throws {
        let now = clock.now
        withState { state in
            state.heartbeats[instance] = now
            let dayAgo = now.addingTimeInterval(-StoreRules.heartbeatRetention)
            state.heartbeats = state.heartbeats.filter { $0.value >= dayAgo }
        }
    }

    public func recoverExpiredLeases(maxAttempts: Int) async throws -> [AgentTask] {
        let now = clock.now
        return try withState { state in
            let expired = state.runningByAgent.values.joined().compactMap { state.tasks[$0] }
                .filter { TaskLifecycle.isExpired($0, now: now) }
                .sorted(by: state.isOlder)
            return try expired.map { task in
                try state.run { try TaskLifecycle.recover(task, maxAttempts: maxAttempts, reads: $0, now: now) }
            }
        }
    }

    public func commitTurn(_ commit: TurnCommit) async throws -> TurnCommitResult {
        let now = clock.now
        return try withState { state in
            var (result, events) = try state.runLogged { try TaskLifecycle.commitTurn(commit, reads: $0, now: now) }
            result.lastEventSequence = events.last?.sequence ?? 0
            return result
        }
    }

    public func turns(of task: TaskID) async throws -> [TurnRecord] {
        withState { ($0.turns[task] ?? []).sorted { $0.index < $1.index } }
    }

    public func setContext(_ entry: ContextEntry) async throws {
        try withState { state in try state.run { try TaskLifecycle.setContext(entry, reads: $0) } }
    }

    public func context(of task: TaskID) async throws -> [ContextEntry] {
        withState { ($0.context[task] ?? [:]).values.sorted { $0.key < $1.key } }
    }

    public func appendUpdate(_ update: TaskUpdate) async throws {
        try withState { state in try state.run { try TaskLifecycle.appendUpdate(update, reads: $0) } }
    }

    public func updates(_ scope: UpdateScope) async throws -> [TaskUpdate] {
        withState { state in
            switch scope {
            case .task(let id): state.updates.filter { $0.taskID == id }
            case .session(let id): state.updates.filter { $0.sessionID == id }
            }
        }
    }

    public func appendMessage(_ message: SessionMessage) async throws {
        try withState { state in
            _ = try state.session(message.sessionID)
            state.messages.append(message)
        }
    }

    public func appendMessages(_ messages: [SessionMessage], usage: [UsageRecord]) async throws {
        try withState { state in
            for message in messages { _ = try state.session(message.sessionID) }
            for record in usage { _ = try state.session(record.sessionID) }
            state.messages.append(contentsOf: messages)
            state.usage.append(contentsOf: usage)
        }
    }

    public func messages(in session: SessionID) async throws -> [SessionMessage] {
        withState { $0.messages.filter { $0.sessionID == session } }
    }

    public func recordUsage(_ record: UsageRecord) async throws {
        try withState { state in
            _ = try state.session(record.sessionID)
            state.usage.append(record)
        }
    }

    public func usage(_ scope: UsageScope) async throws -> UsageTotals {
        withState { state in
            state.usage.reduce(into: UsageTotals()) { totals, record in
                let matches =
                    switch scope {
                    case .session(let id): record.sessionID == id
                    case .task(let id): record.taskID == id
                    case .agent(let id): record.agentID == id
                    }
                guard matches else { return }
                totals.calls += 1
                totals.inputTokens += record.inputTokens
                totals.outputTokens += record.outputTokens
            }
        }
    }
}
