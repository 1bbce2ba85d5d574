//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Foundation
import Synchronization

/// Wraps a store and "crashes" like a killed process: after the crash every call fails, so
/// nothing more reaches the database (no lease renewal, no release, no commit).
final class CrashableStore: AgentStore {
    struct Crashed: Error {}

    let base: any AgentStore
    private let crashAfterCommit: @Sendable (TurnCommit) -> Bool
    private let crashed = Mutex(false)

    /// - Parameter crashAfterCommit: Says, for each stored turn, whether to crash right after it.
    init(_ base: any AgentStore, crashAfterCommit: @escaping @Sendable (TurnCommit) -> Bool) {
        self.base = base
        self.crashAfterCommit = crashAfterCommit
    }

    var isCrashed: Bool { crashed.withLock { $0 } }
    /// Fires when the store crashes.
    let crash = Signal()

    private func alive() throws {
        if isCrashed { throw Crashed() }
    }

    func createSession(_ session: Session, agents: [Agent]) async throws {
        try alive()
        try await base.createSession(session, agents: agents)
    }
    func session(_ id: SessionID) async throws -> Session {
        try alive()
        return try await base.session(id)
    }
    func sessions(limit: Int, offset: Int) async throws -> [Session] {
        try alive()
        return try await base.sessions(limit: limit, offset: offset)
    }
    func deleteSession(_ id: SessionID) async throws {
        try alive()
        try await base.deleteSession(id)
    }
    func agents(in session: SessionID) async throws -> [Agent] {
        try alive()
        return try await base.agents(in: session)
    }
    func agent(_ id: AgentID) async throws -> Agent {
        try alive()
        return try await base.agent(id)
    }
    func setAgentActive(_ id: AgentID, isActive: Bool) async throws {
        try alive()
        try await base.setAgentActive(id, isActive: isActive)
    }
    func createTask(_ task: AgentTask) async throws -> AgentTask {
        try alive()
        return try await base.createTask(task)
    }
    func task(_ id: TaskID) async throws -> AgentTask {
        try alive()
        return try await base.task(id)
    }
    func tasks(_ filter: TaskFilter) async throws -> [AgentTask] {
        try alive()
        return try await base.tasks(filter)
    }
    func claimNextTask(for agent: AgentID, lease: Lease) async throws -> AgentTask? {
        try alive()
        return try await base.claimNextTask(for: agent, lease: lease)
    }
    func claimNext(_ request: ClaimRequest) async throws -> ClaimedTask? {
        try alive()
        return try await base.claimNext(request)
    }
    func markCallStarted(_ task: TaskID, owner: String) async throws {
        try alive()
        try await base.markCallStarted(task, owner: owner)
    }
    func renewLease(_ task: TaskID, lease: Lease) async throws {
        try alive()
        try await base.renewLease(task, lease: lease)
    }
    func releaseLease(_ task: TaskID, owner: String) async throws {
        try alive()
        try await base.releaseLease(task, owner: owner)
    }
    func finish(_ task: TaskID, _ outcome: TaskOutcome) async throws -> FinishResult {
        try alive()
        return try await base.finish(task, outcome)
    }
    func waitForChildren(_ task: TaskID) async throws -> AgentTask {
        try alive()
        return try await base.waitForChildren(task)
    }
    func recoverExpiredLeases(maxAttempts: Int) async throws -> [AgentTask] {
        try alive()
        return try await base.recoverExpiredLeases(maxAttempts: maxAttempts)
    }
    func recordHeartbeat(instance: String) async throws {
        try alive()
        try await base.recordHeartbeat(instance: instance)
    }
    func commitTurn(_ commit: TurnCommit) async throws -> TurnCommitResult {
        try alive()
        let result = try await base.commitTurn(commit)
        if crashAfterCommit(commit) {
            crashed.withLock { $0 = true }
            crash.fire()
            throw Crashed()
        }
        return result
    }
    func turns(of task: TaskID) async throws -> [TurnRecord] {
        try alive()
        return try await base.turns(of: task)
    }
    func setContext(_ entry: ContextEntry) async throws {
        try alive()
        try await base.setContext(entry)
    }
    func context(of task: TaskID) async throws -> [ContextEntry] {
        try alive()
        return try await base.context(of: task)
    }
    func appendUpdate(_ update: TaskUpdate) async throws {
        try alive()
        try await base.appendUpdate(update)
    }
    func updates(_ scope: UpdateScope) async throws -> [TaskUpdate] {
        try alive()
        return try await base.updates(scope)
    }
    func appendMessage(_ message: SessionMessage) async throws {
        try alive()
        try await base.appendMessage(message)
    }
    func appendMessages(_ messages: [SessionMessage], usage: [UsageRecord]) async throws {
        try alive()
        try await base.appendMessages(messages, usage: usage)
    }
    func messages(in session: SessionID) async throws -> [SessionMessage] {
        try alive()
        return try await base.messages(in: session)
    }
    func recordUsage(_ record: UsageRecord) async throws {
        try alive()
        try await base.recordUsage(record)
    }
    func usage(_ scope: UsageScope) async throws -> UsageTotals {
        try alive()
        return try await base.usage(scope)
    }
    func sessionSummaries(limit: Int, offset: Int) async throws -> [SessionSummary] {
        try alive()
        return try await base.sessionSummaries(limit: limit, offset: offset)
    }
    func cancelTasks(_ scope: CancellationScope, reason: String) async throws -> CancellationResult {
        try alive()
        return try await base.cancelTasks(scope, reason: reason)
    }
    func deleteFinishedSessions(lastActiveBefore date: Date, limit: Int) async throws -> [SessionID] {
        try alive()
        return try await base.deleteFinishedSessions(lastActiveBefore: date, limit: limit)
    }

    func events(of session: SessionID, after sequence: UInt64, limit: Int) async throws -> [SessionEvent] {
        try alive()
        return try await base.events(of: session, after: sequence, limit: limit)
    }

    func appendEvents(_ kinds: [SessionEvent.Kind], to session: SessionID) async throws -> [SessionEvent] {
        try alive()
        return try await base.appendEvents(kinds, to: session)
    }

    func eventLogChanges(after position: Int64?) async throws -> EventLogChanges {
        try alive()
        return try await base.eventLogChanges(after: position)
    }
}
