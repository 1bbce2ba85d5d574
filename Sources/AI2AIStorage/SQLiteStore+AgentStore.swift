//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
import Foundation
import GRDB

extension SQLiteStore {
    private typealias Ops = SQLiteOperations
    private typealias R = SQLiteRows

    public func createSession(_ session: Session, agents: [Agent]) async throws {
        try StoreRules.checkAgents(agents, of: session.id)
        try await write { db in
            if try Bool.fetchOne(
                db,
                cached: "SELECT EXISTS(SELECT 1 FROM session WHERE id = ?)",
                arguments: [session.id.rawValue]
            )
                == true
            {
                throw AI2AIError(.conflict, "Session \(session.id) already exists")
            }
            try db.execute(
                cached: """
                    INSERT INTO session (id, title, system_prompt, tags, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    session.id.rawValue, session.title, session.systemPrompt, R.tagsJSON(session.tags),
                    R.time(session.createdAt), R.time(session.updatedAt),
                ]
            )
            for agent in agents {
                if try Bool.fetchOne(
                    db,
                    cached: "SELECT EXISTS(SELECT 1 FROM agent WHERE id = ?)",
                    arguments: [agent.id.rawValue]
                )
                    == true
                {
                    throw AI2AIError(.conflict, "Agent \(agent.id) already exists")
                }
                try db.execute(
                    cached: """
                        INSERT INTO agent (id, session_id, idx, name, role, model, action_format, is_active,
                        provider, max_running, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        agent.id.rawValue, agent.sessionID.rawValue, agent.index, agent.name, agent.role,
                        agent.model, agent.actionFormat.rawValue, agent.isActive, agent.provider,
                        max(1, agent.maxRunning), R.time(agent.createdAt),
                    ]
                )
            }
        }
    }

    public func session(_ id: SessionID) async throws -> Session {
        try await read { db in try Ops.session(db, id) }
    }

    public func sessions(limit: Int, offset: Int) async throws -> [Session] {
        try await read { db in
            try Row.fetchAll(
                db,
                cached: "SELECT * FROM session ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                arguments: [max(0, limit), max(0, offset)],
                as: R.session
            )
        }
    }

    public func deleteSession(_ id: SessionID) async throws {
        try await write { db in
            _ = try Ops.session(db, id)
            try db.execute(cached: "DELETE FROM session WHERE id = ?", arguments: [id.rawValue])
        }
    }

    public func agents(in session: SessionID) async throws -> [Agent] {
        try await read { db in
            _ = try Ops.session(db, session)
            return try Row.fetchAll(
                db,
                cached: "SELECT * FROM agent WHERE session_id = ? ORDER BY idx",
                arguments: [session.rawValue],
                as: R.agent
            )
        }
    }

    public func agent(_ id: AgentID) async throws -> Agent {
        try await read { db in try Ops.agent(db, id) }
    }

    public func setAgentActive(_ id: AgentID, isActive: Bool) async throws {
        try await write { db in
            _ = try Ops.agent(db, id)
            try db.execute(cached: "UPDATE agent SET is_active = ? WHERE id = ?", arguments: [isActive, id.rawValue])
        }
    }

    public func createTask(_ task: AgentTask) async throws -> AgentTask {
        try await write { db in try Ops.run(db) { try TaskLifecycle.create(task, reads: $0) } }
    }

    public func task(_ id: TaskID) async throws -> AgentTask {
        try await read { db in try Ops.task(db, id) }
    }

    public func countTasks(status: TaskStatus) async throws -> Int {
        try await read { db in
            // From the index on (status, lease_expires_at), without reading a row.
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM task WHERE status = ?", arguments: [status.rawValue]) ?? 0
        }
    }

    public func tasks(_ filter: TaskFilter) async throws -> [AgentTask] {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if let sessionID = filter.sessionID {
            clauses.append("session_id = ?")
            arguments += [sessionID.rawValue]
        }
        if let statuses = filter.statuses {
            guard !statuses.isEmpty else { return [] }
            clauses.append("status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ", ")))")
            for status in statuses.sorted(by: { $0.rawValue < $1.rawValue }) { arguments += [status.rawValue] }
        }
        if let assignedTo = filter.assignedTo {
            clauses.append("assigned_to = ?")
            arguments += [assignedTo.rawValue]
        }
        if let parentID = filter.parentID {
            clauses.append("parent_task_id = ?")
            arguments += [parentID.rawValue]
        }
        if filter.rootsOnly { clauses.append("parent_task_id IS NULL") }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql = "SELECT * FROM task \(whereClause) ORDER BY created_at, rowid"
        let finalArguments = arguments
        return try await read { db in try Row.fetchAll(db, cached: sql, arguments: finalArguments, as: R.task) }
    }

    public func claimNextTask(for agent: AgentID, lease: Lease) async throws -> AgentTask? {
        let clock = clock
        return try await write { db in
            guard let ready = try Ops.nextReady(db, for: agent) else { return nil }
            let now = clock.now
            return try Ops.run(db) { _ in TaskLifecycle.claim(ready, lease: lease, startsCall: false, now: now) }
        }
    }

    public func claimNext(_ request: ClaimRequest) async throws -> ClaimedTask? {
        let clock = clock
        return try await write { db in
            guard let ready = try Ops.nextReady(db, for: request) else { return nil }
            let now = clock.now
            let (task, events) = try Ops.runLogged(db) { _ in
                TaskLifecycle.claim(ready, lease: request.lease, startsCall: request.startsCall, now: now)
            }
            var claimed = try Ops.claimedTask(db, task)
            claimed.lastEventSequence = events.last?.sequence ?? 0
            claimed.agentHasOtherPending = try Ops.hasPending(db, agent: task.assignedTo)
            claimed.moreReady = try Ops.anyReady(db, for: request)
            return claimed
        }
    }

    public func markCallStarted(_ task: TaskID, owner: String) async throws {
        try await write { db in
            try Ops.run(db) { try TaskLifecycle.markCallStarted(task, owner: owner, reads: $0) }
        }
    }

    public func renewLease(_ task: TaskID, lease: Lease) async throws {
        let clock = clock
        try await write { db in
            let now = clock.now
            try Ops.run(db) { try TaskLifecycle.renew(task, lease: lease, reads: $0, now: now) }
        }
    }

    public func releaseLease(_ task: TaskID, owner: String) async throws {
        let clock = clock
        _ = try await write { db in
            let now = clock.now
            return try Ops.run(db) { try TaskLifecycle.release(task, owner: owner, reads: $0, now: now) }
        }
    }

    public func finish(_ task: TaskID, _ outcome: TaskOutcome) async throws -> FinishResult {
        let clock = clock
        return try await write { db in
            let now = clock.now
            return try Ops.run(db) { try TaskLifecycle.finish(task, outcome, reads: $0, now: now) }
        }
    }

    public func waitForChildren(_ task: TaskID) async throws -> AgentTask {
        let clock = clock
        return try await write { db in
            let now = clock.now
            return try Ops.run(db) { try TaskLifecycle.wait(task, reads: $0, now: now) }
        }
    }

    public func recordHeartbeat(instance: String) async throws {
        let clock = clock
        try await write { db in
            let now = clock.now
            try db.execute(
                cached: """
                    INSERT INTO instance_heartbeat (instance, beat_at) VALUES (?, ?)
                    ON CONFLICT (instance) DO UPDATE SET beat_at = excluded.beat_at
                    """,
                arguments: [instance, R.time(now)]
            )
            try db.execute(
                cached: "DELETE FROM instance_heartbeat WHERE beat_at < ?",
                arguments: [R.time(now.addingTimeInterval(-StoreRules.heartbeatRetention))]
            )
        }
    }

    public func recoverExpiredLeases(maxAttempts: Int) async throws -> [AgentTask] {
        // The store's clock is the judge; a server database could compare with its own clock here.
        let clock = clock
        return try await write { db in
            let now = clock.now
            let expired = try Row.fetchAll(
                db,
                cached: """
                    SELECT * FROM task WHERE status = 'in_progress'
                    AND (lease_expires_at IS NULL OR lease_expires_at < ?) ORDER BY created_at, rowid
                    """,
                arguments: [R.time(now)],
                as: R.task
            )
            return try expired.map { task in
                try Ops.run(db) { try TaskLifecycle.recover(task, maxAttempts: maxAttempts, reads: $0, now: now) }
            }
        }
    }

    public func commitTurn(_ commit: TurnCommit) async throws -> TurnCommitResult {
        let clock = clock
        return try await write { db in
            let now = clock.now
            // A thrown error rolls the whole transaction back: nothing of a refused turn is kept.
            var (result, events) = try Ops.runLogged(db) { try TaskLifecycle.commitTurn(commit, reads: $0, now: now) }
            result.lastEventSequence = events.last?.sequence ?? 0
            return result
        }
    }

    public func turns(of task: TaskID) async throws -> [TurnRecord] {
        try await read { db in
            try Row.fetchAll(
                db,
                cached: "SELECT * FROM task_turn WHERE task_id = ? ORDER BY idx",
                arguments: [task.rawValue],
                as: R.turn
            )
        }
    }

    public func setContext(_ entry: ContextEntry) async throws {
        try await write { db in try Ops.run(db) { try TaskLifecycle.setContext(entry, reads: $0) } }
    }

    public func context(of task: TaskID) async throws -> [ContextEntry] {
        try await read { db in
            try Row.fetchAll(
                db,
                cached: "SELECT * FROM context_entry WHERE task_id = ? ORDER BY key",
                arguments: [task.rawValue],
                as: R.contextEntry
            )
        }
    }

    public func appendUpdate(_ update: TaskUpdate) async throws {
        try await write { db in try Ops.run(db) { try TaskLifecycle.appendUpdate(update, reads: $0) } }
    }

    public func updates(_ scope: UpdateScope) async throws -> [TaskUpdate] {
        let (column, id) =
            switch scope {
            case .task(let id): ("task_id", id.rawValue)
            case .session(let id): ("session_id", id.rawValue)
            }
        return try await read { db in
            try Row.fetchAll(
                db,
                cached: "SELECT * FROM task_update WHERE \(column) = ? ORDER BY seq",
                arguments: [id],
                as: R.update
            )
        }
    }

    public func appendMessage(_ message: SessionMessage) async throws {
        try await write { db in
            _ = try Ops.session(db, message.sessionID)
            try Ops.appendMessage(db, message)
        }
    }

    public func appendMessages(_ messages: [SessionMessage], usage: [UsageRecord]) async throws {
        try await write { db in
            for message in messages {
                _ = try Ops.session(db, message.sessionID)
                try Ops.appendMessage(db, message)
            }
            for record in usage {
                _ = try Ops.session(db, record.sessionID)
                try Ops.recordUsage(db, record)
            }
        }
    }

    public func messages(in session: SessionID) async throws -> [SessionMessage] {
        try await read { db in
            try Row.fetchAll(
                db,
                cached: "SELECT * FROM session_message WHERE session_id = ? ORDER BY seq",
                arguments: [session.rawValue],
                as: R.message
            )
        }
    }

    public func recordUsage(_ record: UsageRecord) async throws {
        try await write { db in
            _ = try Ops.session(db, record.sessionID)
            try Ops.recordUsage(db, record)
        }
    }

    public func usage(_ scope: UsageScope) async throws -> UsageTotals {
        let (column, id) =
            switch scope {
            case .session(let id): ("session_id", id.rawValue)
            case .task(let id): ("task_id", id.rawValue)
            case .agent(let id): ("agent_id", id.rawValue)
            }
        return try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    cached: """
                        SELECT COUNT(*) AS calls, COALESCE(SUM(input_tokens), 0) AS input,
                        COALESCE(SUM(output_tokens), 0) AS output FROM usage_record WHERE \(column) = ?
                        """,
                    arguments: [id]
                )
            else { return UsageTotals() }
            return UsageTotals(calls: row["calls"], inputTokens: row["input"], outputTokens: row["output"])
        }
    }
}
