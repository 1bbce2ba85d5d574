//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import AI2AIStorage
import Foundation
import PostgresNIO

extension PostgresStore {
    private typealias R = PostgresRows
    private typealias Life = PostgresLifecycle

    public func createSession(_ session: Session, agents: [Agent]) async throws {
        try StoreRules.checkAgents(agents, of: session.id)
        try await write { sql in
            let inserted = try await sql.writeReturning(
                """
                INSERT INTO session (id, title, system_prompt, tags, created_at, updated_at)
                VALUES (\(session.id.rawValue), \(session.title), \(session.systemPrompt), \(R.tagsJSON(session.tags)),
                \(R.time(session.createdAt)), \(R.time(session.updatedAt)))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """
            )
            guard !inserted.isEmpty else { throw AI2AIError(.conflict, "Session \(session.id) already exists") }
            for agent in agents {
                let added = try await sql.writeReturning(
                    """
                    INSERT INTO agent (id, session_id, idx, name, role, model, action_format, is_active,
                    provider, max_running, created_at) VALUES (\(agent.id.rawValue), \(agent.sessionID.rawValue),
                    \(agent.index), \(agent.name), \(agent.role), \(agent.model), \(agent.actionFormat.rawValue),
                    \(agent.isActive), \(agent.provider), \(max(1, agent.maxRunning)), \(R.time(agent.createdAt)))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """
                )
                guard !added.isEmpty else { throw AI2AIError(.conflict, "Agent \(agent.id) already exists") }
            }
        }
    }

    public func session(_ id: SessionID) async throws -> Session {
        try await read { sql in try await Self.session(sql, id) }
    }

    static func session(_ sql: PostgresSQL, _ id: SessionID) async throws -> Session {
        guard
            let session = try await sql.one(
                "SELECT \(unescaped: R.sessionColumns) FROM session WHERE id = \(id.rawValue)",
                R.session
            )
        else { throw AI2AIError.notFound("Session", id) }
        return session
    }

    public func sessions(limit: Int, offset: Int) async throws -> [Session] {
        try await read { sql in
            try await sql.rows(
                """
                SELECT \(unescaped: R.sessionColumns) FROM session ORDER BY created_at DESC, id COLLATE "C" DESC
                LIMIT \(max(0, limit)) OFFSET \(max(0, offset))
                """,
                R.session
            )
        }
    }

    public func deleteSession(_ id: SessionID) async throws {
        try await write { sql in
            let deleted = try await sql.writeReturning("DELETE FROM session WHERE id = \(id.rawValue) RETURNING id")
            guard !deleted.isEmpty else { throw AI2AIError.notFound("Session", id) }
        }
    }

    public func agents(in session: SessionID) async throws -> [Agent] {
        try await read { sql in
            _ = try await Self.session(sql, session)
            return try await sql.rows(
                "SELECT \(unescaped: R.agentColumns) FROM agent WHERE session_id = \(session.rawValue) ORDER BY idx",
                R.agent
            )
        }
    }

    public func agent(_ id: AgentID) async throws -> Agent {
        try await read { sql in
            guard
                let agent = try await sql.one(
                    "SELECT \(unescaped: R.agentColumns) FROM agent WHERE id = \(id.rawValue)",
                    R.agent
                )
            else { throw AI2AIError.notFound("Agent", id) }
            return agent
        }
    }

    public func setAgentActive(_ id: AgentID, isActive: Bool) async throws {
        try await write { sql in
            let updated = try await sql.writeReturning(
                "UPDATE agent SET is_active = \(isActive) WHERE id = \(id.rawValue) RETURNING id"
            )
            guard !updated.isEmpty else { throw AI2AIError.notFound("Agent", id) }
            if isActive { sql.madeWorkReady = true }
        }
    }

    public func createTask(_ task: AgentTask) async throws -> AgentTask {
        try await write { sql in try await Life.run(sql) { try TaskLifecycle.create(task, reads: $0) }.result }
    }

    public func task(_ id: TaskID) async throws -> AgentTask {
        try await read { sql in
            guard
                let task = try await sql.one(
                    "SELECT \(unescaped: R.taskColumns) FROM task WHERE id = \(id.rawValue)",
                    R.task
                )
            else { throw AI2AIError.notFound("Task", id) }
            return task
        }
    }

    public func countTasks(status: TaskStatus) async throws -> Int {
        try await read { sql in
            Int(try await sql.value(Int64.self, "SELECT COUNT(*) FROM task WHERE status = \(status.rawValue)") ?? 0)
        }
    }

    public func tasks(_ filter: TaskFilter) async throws -> [AgentTask] {
        var clauses: [String] = []
        var binds = PostgresBindings()
        func bind(_ value: String) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let sessionID = filter.sessionID { clauses.append("session_id = \(bind(sessionID.rawValue))") }
        if let statuses = filter.statuses {
            guard !statuses.isEmpty else { return [] }
            let list = statuses.map(\.rawValue).sorted().map(bind).joined(separator: ", ")
            clauses.append("status IN (\(list))")
        }
        if let assignedTo = filter.assignedTo { clauses.append("assigned_to = \(bind(assignedTo.rawValue))") }
        if let parentID = filter.parentID { clauses.append("parent_task_id = \(bind(parentID.rawValue))") }
        if filter.rootsOnly { clauses.append("parent_task_id IS NULL") }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let query = PostgresQuery(
            unsafeSQL: "SELECT \(R.taskColumns) FROM task \(whereClause) ORDER BY created_at, seq",
            binds: binds
        )
        return try await read { sql in try await sql.rows(query, R.task) }
    }

    public func markCallStarted(_ task: TaskID, owner: String) async throws {
        try await write { sql in
            try await Life.run(sql) { try TaskLifecycle.markCallStarted(task, owner: owner, reads: $0) }.result
        }
    }

    public func renewLease(_ task: TaskID, lease: Lease) async throws {
        let clock = clock
        try await write { sql in
            let now = clock.now
            try await Life.run(sql) { try TaskLifecycle.renew(task, lease: lease, reads: $0, now: now) }.result
        }
    }

    public func releaseLease(_ task: TaskID, owner: String) async throws {
        let clock = clock
        _ = try await write { sql in
            let now = clock.now
            return try await Life.run(sql) {
                try TaskLifecycle.release(task, owner: owner, reads: $0, now: now)
            }.result
        }
    }

    public func finish(_ task: TaskID, _ outcome: TaskOutcome) async throws -> FinishResult {
        let clock = clock
        return try await write { sql in
            let now = clock.now
            return try await Life.run(sql) { try TaskLifecycle.finish(task, outcome, reads: $0, now: now) }.result
        }
    }

    public func waitForChildren(_ task: TaskID) async throws -> AgentTask {
        let clock = clock
        return try await write { sql in
            let now = clock.now
            return try await Life.run(sql) { try TaskLifecycle.wait(task, reads: $0, now: now) }.result
        }
    }

    public func recordHeartbeat(instance: String) async throws {
        let clock = clock
        try await write { sql in
            // As often as leases are renewed: the clock stays within a round trip of the server's.
            try await synchronizeClock(sql)
            let now = clock.now
            try await sql.write(
                """
                INSERT INTO instance_heartbeat (instance, beat_at) VALUES (\(instance), \(R.time(now)))
                ON CONFLICT (instance) DO UPDATE SET beat_at = excluded.beat_at
                """
            )
            let cutoff = R.time(now.addingTimeInterval(-StoreRules.heartbeatRetention))
            try await sql.write("DELETE FROM instance_heartbeat WHERE beat_at < \(cutoff)")
        }
    }

    public func recoverExpiredLeases(maxAttempts: Int) async throws -> [AgentTask] {
        let clock = clock
        return try await write { sql in
            let now = clock.now
            // Locked, and passed over when another transaction holds them (a renewal in flight).
            let expired = try await sql.rows(
                """
                SELECT \(unescaped: R.taskColumns) FROM task WHERE status = 'in_progress'
                AND (lease_expires_at IS NULL OR lease_expires_at < \(R.time(now))) ORDER BY created_at, seq
                FOR UPDATE SKIP LOCKED
                """,
                R.taskRow
            )
            var recovered: [AgentTask] = []
            for row in expired {
                var reads = PostgresReads()
                reads.tasks.updateValue(row, forKey: row.task.id)
                let task = try await Life.run(
                    sql,
                    { try TaskLifecycle.recover(row.task, maxAttempts: maxAttempts, reads: $0, now: now) },
                    reads: reads
                ).result
                recovered.append(task)
            }
            return recovered
        }
    }

    public func commitTurn(_ commit: TurnCommit) async throws -> TurnCommitResult {
        let clock = clock
        return try await write { sql in
            let now = clock.now
            // A thrown error rolls the whole transaction back: nothing of a refused turn is kept.
            var (result, events) = try await Life.run(sql) {
                try TaskLifecycle.commitTurn(commit, reads: $0, now: now)
            }
            result.lastEventSequence = events.last?.sequence ?? 0
            return result
        }
    }

    public func turns(of task: TaskID) async throws -> [TurnRecord] {
        try await read { sql in
            try await sql.rows(
                "SELECT \(unescaped: R.turnColumns) FROM task_turn WHERE task_id = \(task.rawValue) ORDER BY idx",
                R.turn
            )
        }
    }

    public func setContext(_ entry: ContextEntry) async throws {
        try await write { sql in try await Life.run(sql) { try TaskLifecycle.setContext(entry, reads: $0) }.result }
    }

    public func context(of task: TaskID) async throws -> [ContextEntry] {
        try await read { sql in
            try await sql.rows(
                """
                SELECT \(unescaped: R.contextColumns) FROM context_entry WHERE task_id = \(task.rawValue)
                ORDER BY key COLLATE "C"
                """,
                R.contextEntry
            )
        }
    }

    public func appendUpdate(_ update: TaskUpdate) async throws {
        try await write { sql in
            try await Life.run(sql) { try TaskLifecycle.appendUpdate(update, reads: $0) }.result
        }
    }

    public func updates(_ scope: UpdateScope) async throws -> [TaskUpdate] {
        try await read { sql in
            switch scope {
            case .task(let id):
                try await sql.rows(
                    "SELECT \(unescaped: R.updateColumns) FROM task_update WHERE task_id = \(id.rawValue) ORDER BY seq",
                    R.update
                )
            case .session(let id):
                try await sql.rows(
                    """
                    SELECT \(unescaped: R.updateColumns) FROM task_update WHERE session_id = \(id.rawValue) ORDER BY seq
                    """,
                    R.update
                )
            }
        }
    }

    public func appendMessage(_ message: SessionMessage) async throws {
        try await appendMessages([message], usage: [])
    }

    public func appendMessages(_ messages: [SessionMessage], usage: [UsageRecord]) async throws {
        try await write { sql in
            // The sessions' rows are locked first, so that concurrent exchanges of one session append
            // their messages one after the other, never interleaved.
            let sessions = Set(messages.map(\.sessionID) + usage.map(\.sessionID)).map(\.rawValue).sorted()
            let found = try await sql.rows(
                "SELECT id FROM session WHERE id = ANY(\(sessions)) ORDER BY id FOR UPDATE"
            )
            if found.count != sessions.count {
                let present = Set(try found.map { try $0.makeRandomAccess()[0].decode(String.self) })
                let missing = sessions.first { !present.contains($0) } ?? ""
                throw AI2AIError.notFound("Session", missing)
            }
            for message in messages { try await Life.appendMessage(sql, message) }
            for record in usage { try await Life.recordUsage(sql, record) }
        }
    }

    public func messages(in session: SessionID) async throws -> [SessionMessage] {
        try await read { sql in
            try await sql.rows(
                """
                SELECT \(unescaped: R.messageColumns) FROM session_message WHERE session_id = \(session.rawValue)
                ORDER BY seq
                """,
                R.message
            )
        }
    }

    public func recordUsage(_ record: UsageRecord) async throws {
        try await appendMessages([], usage: [record])
    }

    public func usage(_ scope: UsageScope) async throws -> UsageTotals {
        let query: PostgresQuery
        let totals = "SELECT COUNT(*), COALESCE(SUM(input_tokens), 0)::BIGINT, COALESCE(SUM(output_tokens), 0)::BIGINT"
        switch scope {
        case .session(let id):
            query = "\(unescaped: totals) FROM usage_record WHERE session_id = \(id.rawValue)"
        case .task(let id):
            query = "\(unescaped: totals) FROM usage_record WHERE task_id = \(id.rawValue)"
        case .agent(let id):
            query = "\(unescaped: totals) FROM usage_record WHERE agent_id = \(id.rawValue)"
        }
        return try await read { sql in
            guard
                let totals = try await sql.one(
                    query,
                    { row in
                        var cells = PostgresCells(row)
                        return UsageTotals(
                            calls: try cells.next(),
                            inputTokens: try cells.next(),
                            outputTokens: try cells.next()
                        )
                    }
                )
            else { return UsageTotals() }
            return totals
        }
    }
}
