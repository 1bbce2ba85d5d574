//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Foundation

/// Wraps a store and lets a test see (and hold up, or fail) the calls that matter to it.
final class InterceptingStore: AgentStore {
    /// A call, seen before it reaches the base store (or, for `claimed` and `recovered`, after).
    enum Call: Sendable {
        case commitTurn(TurnCommit)
        case finish(TaskID)
        case turns(TaskID)
        /// Before a model call starts under a lease.
        case markCallStarted(TaskID)
        case appendMessage(SessionMessage)
        case appendMessages([SessionMessage])
        /// After a claim, with what it returned.
        case claimed(AgentTask?)
        /// After a lease recovery, with the tasks it changed.
        case recovered([AgentTask])
    }

    let base: any AgentStore
    private let intercept: @Sendable (Call) async throws -> Void

    /// - Parameter intercept: Called for each interesting call; what it throws, the call throws.
    init(_ base: any AgentStore, intercept: @escaping @Sendable (Call) async throws -> Void) {
        self.base = base
        self.intercept = intercept
    }

    func createSession(_ session: Session, agents: [Agent]) async throws {
        try await base.createSession(session, agents: agents)
    }
    func session(_ id: SessionID) async throws -> Session { try await base.session(id) }
    func sessions(limit: Int, offset: Int) async throws -> [Session] {
        try await base.sessions(limit: limit, offset: offset)
    }
    func deleteSession(_ id: SessionID) async throws { try await base.deleteSession(id) }
    func agents(in session: SessionID) async throws -> [Agent] { try await base.agents(in: session) }
    func agent(_ id: AgentID) async throws -> Agent { try await base.agent(id) }
    func setAgentActive(_ id: AgentID, isActive: Bool) async throws {
        try await base.setAgentActive(id, isActive: isActive)
    }
    func createTask(_ task: AgentTask) async throws -> AgentTask { try await base.createTask(task) }
    func task(_ id: TaskID) async throws -> AgentTask { try await base.task(id) }
    func tasks(_ filter: TaskFilter) async throws -> [AgentTask] { try await base.tasks(filter) }
    func claimNextTask(for agent: AgentID, lease: Lease) async throws -> AgentTask? {
        let claimed = try await base.claimNextTask(for: agent, lease: lease)
        try await intercept(.claimed(claimed))
        return claimed
    }
    func claimNext(_ request: ClaimRequest) async throws -> ClaimedTask? {
        let claimed = try await base.claimNext(request)
        try await intercept(.claimed(claimed?.task))
        return claimed
    }
    func markCallStarted(_ task: TaskID, owner: String) async throws {
        try await intercept(.markCallStarted(task))
        try await base.markCallStarted(task, owner: owner)
    }
    func renewLease(_ task: TaskID, lease: Lease) async throws { try await base.renewLease(task, lease: lease) }
    func releaseLease(_ task: TaskID, owner: String) async throws {
        try await base.releaseLease(task, owner: owner)
    }
    func finish(_ task: TaskID, _ outcome: TaskOutcome) async throws -> FinishResult {
        try await intercept(.finish(task))
        return try await base.finish(task, outcome)
    }
    func waitForChildren(_ task: TaskID) async throws -> AgentTask { try await base.waitForChildren(task) }
    func recoverExpiredLeases(maxAttempts: Int) async throws -> [AgentTask] {
        let recovered = try await base.recoverExpiredLeases(maxAttempts: maxAttempts)
        try await intercept(.recovered(recovered))
        return recovered
    }
    func recordHeartbeat(instance: String) async throws {
        try await base.recordHeartbeat(instance: instance)
    }
    func commitTurn(_ commit: TurnCommit) async throws -> TurnCommitResult {
        try await intercept(.commitTurn(commit))
        return try await base.commitTurn(commit)
    }
    func turns(of task: TaskID) async throws -> [TurnRecord] {
        try await intercept(.turns(task))
        return try await base.turns(of: task)
    }
    func setContext(_ entry: ContextEntry) async throws { try await base.setContext(entry) }
    func context(of task: TaskID) async throws -> [ContextEntry] { try await base.context(of: task) }
    func appendUpdate(_ update: TaskUpdate) async throws { try await base.appendUpdate(update) }
    func updates(_ scope: UpdateScope) async throws -> [TaskUpdate] { try await base.updates(scope) }
    func appendMessage(_ message: SessionMessage) async throws {
        try await intercept(.appendMessage(message))
        try await base.appendMessage(message)
    }
    func appendMessages(_ messages: [SessionMessage], usage: [UsageRecord]) async throws {
        try await intercept(.appendMessages(messages))
        try await base.appendMessages(messages, usage: usage)
    }
    func messages(in session: SessionID) async throws -> [SessionMessage] { try await base.messages(in: session) }
    func recordUsage(_ record: UsageRecord) async throws { try await base.recordUsage(record) }
    func usage(_ scope: UsageScope) async throws -> UsageTotals { try await base.usage(scope) }
    func sessionSummaries(limit: Int, offset: Int) async throws -> [SessionSummary] {
        try await base.sessionSummaries(limit: limit, offset: offset)
    }
    func cancelTasks(_ scope: CancellationScope, reason: String) async throws -> CancellationResult {
        try await base.cancelTasks(scope, reason: reason)
    }
    func deleteFinishedSessions(lastActiveBefore date: Date, limit: Int) async throws -> [SessionID] {
        try await base.deleteFinishedSessions(lastActiveBefore: date, limit: limit)
    }

    func events(of session: SessionID, after sequence: UInt64, limit: Int) async throws -> [SessionEvent] {
        try await base.events(of: session, after: sequence, limit: limit)
    }

    func appendEvents(_ kinds: [SessionEvent.Kind], to session: SessionID) async throws -> [SessionEvent] {
        try await base.appendEvents(kinds, to: session)
    }

    func eventLogChanges(after position: Int64?) async throws -> EventLogChanges {
        try await base.eventLogChanges(after: position)
    }
}
