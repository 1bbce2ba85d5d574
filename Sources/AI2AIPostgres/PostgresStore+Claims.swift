//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import AI2AIStorage
import PostgresNIO

// Claims. The agent row is the gate: a claim locks the row of the agent it takes a task of, then
// counts the agent's tasks in progress in a statement of its own. Under READ COMMITTED that
// statement sees every claim of the agent committed before the lock was granted, so the limit
// holds across processes (Documentation/Storage.md, "PostgreSQL"). Tasks are taken with
// `FOR UPDATE SKIP LOCKED`: a task another transaction is changing is passed over, never waited for.
extension PostgresStore {
    private typealias R = PostgresRows

    public func claimNextTask(for agent: AgentID, lease: Lease) async throws -> AgentTask? {
        let clock = clock
        return try await write { sql in
            let locked = try await sql.value(
                String.self,
                "SELECT id FROM agent WHERE id = \(agent.rawValue) FOR UPDATE"
            )
            guard locked != nil, let ready = try await Self.admittedOldestPending(sql, agent.rawValue) else {
                return nil
            }
            let now = clock.now
            return try await PostgresLifecycle.run(
                sql,
                { _ in TaskLifecycle.claim(ready.task, lease: lease, startsCall: false, now: now) }
            ).result
        }
    }

    public func claimNext(_ request: ClaimRequest) async throws -> ClaimedTask? {
        let clock = clock
        return try await write { sql in
            guard let ready = try await Self.nextReady(sql, for: request) else { return nil }
            let now = clock.now
            let (task, events) = try await PostgresLifecycle.run(
                sql,
                { _ in TaskLifecycle.claim(ready.task, lease: request.lease, startsCall: request.startsCall, now: now) }
            )
            var claimed = try await Self.claimedTask(sql, task)
            claimed.lastEventSequence = events.last?.sequence ?? 0
            claimed.agentHasOtherPending =
                try await sql.value(
                    Bool.self,
                    "SELECT EXISTS(SELECT 1 FROM task WHERE assigned_to = \(task.assignedTo.rawValue) AND status = 'pending')"
                ) ?? true
            claimed.moreReady = try await Self.anyReady(sql, for: request)
            return claimed
        }
    }

    /// The ready agents of a request in claim order, locked one at a time; the first whose count
    /// under the lock admits a claim gives its oldest pending task.
    ///
    /// Agents that other claims hold are passed over (`SKIP LOCKED`), so that claimers spread over
    /// agents instead of queueing. When every ready agent is held, the claim waits for the first one
    /// (an agent whose limit is above 1 may have a slot left after the other claim): a claim never
    /// answers `nil` only because another claim was in flight.
    static func nextReady(_ sql: PostgresSQL, for request: ClaimRequest) async throws -> TaskRow? {
        guard !request.providers.isEmpty else { return nil }
        let sessions: [String]?
        switch request.scope {
        case .allSessions: sessions = nil
        case .sessions(let ids):
            guard !ids.isEmpty else { return nil }
            sessions = ids.map(\.rawValue).sorted()
        }
        let providers = request.providers.sorted()
        var passed: [String] = []
        // An agent whose count was stale when it was chosen (a claim of another process committed
        // in between) is passed over; a few such agents in a row are rare, and the caller claims again.
        for _ in 0..<8 {
            if let agent = try await readyAgent(
                sql,
                providers,
                sessions,
                passed: passed,
                lock: true
            ) {
                if let task = try await admittedOldestPending(sql, agent) { return task }
                passed.append(agent)
                continue
            }
            // Every ready agent is held by another claim (or none is ready). Waiting while this
            // transaction holds agents it passed over could deadlock with a claim doing the same.
            guard passed.isEmpty, let agent = try await readyAgent(sql, providers, sessions, passed: [], lock: false)
            else { return nil }
            _ = try await sql.value(String.self, "SELECT id FROM agent WHERE id = \(agent) FOR UPDATE")
            if let task = try await admittedOldestPending(sql, agent) { return task }
            passed.append(agent)
        }
        return nil
    }

    /// Whether the request would find a ready task now, by the statement's snapshot (this
    /// transaction's claim included), without locking anything: the ready agents' conditions
    /// without their order, so that the statement stops at the first one.
    static func anyReady(_ sql: PostgresSQL, for request: ClaimRequest) async throws -> Bool {
        guard !request.providers.isEmpty else { return false }
        var sessions: [String]?
        if case .sessions(let ids) = request.scope {
            guard !ids.isEmpty else { return false }
            sessions = ids.map(\.rawValue).sorted()
        }
        let found = try await sql.prepared(
            AnyReadyAgent(arguments: ReadyAgentArguments(providers: request.providers.sorted(), sessions: sessions))
        )
        return !found.isEmpty
    }

    /// The first ready agent in claim order that the request admits, by the statement's snapshot;
    /// with `lock`, its row is locked (`FOR UPDATE OF a SKIP LOCKED`: held agents are passed over).
    private static func readyAgent(
        _ sql: PostgresSQL,
        _ providers: [String],
        _ sessions: [String]?,
        passed: [String],
        lock: Bool
    ) async throws -> String? {
        let arguments = ReadyAgentArguments(providers: providers, sessions: sessions, passed: passed)
        if lock { return try await sql.prepared(LockedReadyAgent(arguments: arguments)).first }
        return try await sql.prepared(ReadyAgent(arguments: arguments)).first
    }

    /// The oldest pending task of an agent whose row this transaction has locked, when the agent
    /// has fewer tasks in progress than its limit: one statement, whose snapshot is taken after the
    /// lock was granted, so the count includes every claim of the agent committed before.
    static func admittedOldestPending(_ sql: PostgresSQL, _ agent: String) async throws -> TaskRow? {
        try await sql.one(
            """
            SELECT \(unescaped: R.taskColumns) FROM task WHERE assigned_to = \(agent) AND status = 'pending'
            AND (SELECT COUNT(*) FROM task r WHERE r.assigned_to = \(agent) AND r.status = 'in_progress')
                < (SELECT max_running FROM agent WHERE id = \(agent))
            ORDER BY created_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED
            """,
            R.taskRow
        )
    }

    /// A claimed task with everything its next turn is built from, read in the claim's transaction.
    static func claimedTask(_ sql: PostgresSQL, _ task: AgentTask) async throws -> ClaimedTask {
        let id = task.id.rawValue
        let roster = try await sql.rows(
            "SELECT \(unescaped: R.agentColumns) FROM agent WHERE session_id = \(task.sessionID.rawValue) ORDER BY idx",
            R.agent
        )
        guard let agent = roster.first(where: { $0.id == task.assignedTo }) else {
            throw AI2AIError.notFound("Agent", task.assignedTo)
        }
        guard
            let session = try await sql.one(
                "SELECT \(unescaped: R.sessionColumns) FROM session WHERE id = \(task.sessionID.rawValue)",
                R.session
            )
        else { throw AI2AIError.notFound("Session", task.sessionID) }
        var parent: AgentTask?
        if let parentID = task.parentTaskID {
            parent = try await sql.one(
                "SELECT \(unescaped: R.taskColumns) FROM task WHERE id = \(parentID.rawValue)",
                R.task
            )
        }
        return ClaimedTask(
            task: task,
            agent: agent,
            session: session,
            roster: roster,
            parent: parent,
            context: try await sql.rows(
                """
                SELECT \(unescaped: R.contextColumns) FROM context_entry WHERE task_id = \(id)
                ORDER BY key COLLATE "C"
                """,
                R.contextEntry
            ),
            updates: try await sql.rows(
                "SELECT \(unescaped: R.updateColumns) FROM task_update WHERE task_id = \(id) ORDER BY seq",
                R.update
            ),
            turns: try await sql.rows(
                "SELECT \(unescaped: R.turnColumns) FROM task_turn WHERE task_id = \(id) ORDER BY idx",
                R.turn
            ),
            children: try await sql.rows(
                """
                SELECT \(unescaped: R.taskColumns) FROM task WHERE parent_task_id = \(id) ORDER BY created_at, seq
                """,
                R.task
            )
        )
    }
}

// The claim's statements that choose an agent, prepared once per connection: with their subqueries
// they take about 15 ms to plan, far longer than to run, and a claim runs two of them.

/// The arguments of the statements that choose a ready agent.
struct ReadyAgentArguments: Sendable {
    var providers: [String]
    /// The scope's sessions; `nil` for every session.
    var sessions: [String]?
    /// Agents passed over already.
    var passed: [String] = []

    func bindings(passing: Bool) -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(providers)
        bindings.append(sessions)
        if passing { bindings.append(passed) }
        return bindings
    }
}

/// The ready agents' conditions, shared by the statements below: `$1` the providers, `$2` the
/// sessions (`NULL` for every one).
private let readyAgentsFrom = """
    FROM (
        SELECT assigned_to, MIN(created_at) AS oldest FROM task WHERE status = 'pending' GROUP BY assigned_to
    ) AS p
    JOIN agent a ON a.id = p.assigned_to
    JOIN session s ON s.id = a.session_id
    WHERE a.is_active AND a.provider = ANY($1::TEXT[])
    AND ($2::TEXT[] IS NULL OR a.session_id = ANY($2::TEXT[]))
    AND (SELECT COUNT(*) FROM task r WHERE r.assigned_to = a.id AND r.status = 'in_progress') < a.max_running
    """

/// The claim order: the session with the fewest tasks in progress, then the one claimed from
/// longest ago, then the oldest pending task (as `ClaimRules` in AI2AIStorage orders them).
private let readyAgentSQL = """
    SELECT a.id \(readyAgentsFrom)
    AND NOT (a.id = ANY($3::TEXT[]))
    ORDER BY
        (SELECT COUNT(*) FROM task r WHERE r.session_id = a.session_id AND r.status = 'in_progress'),
        s.last_claim NULLS FIRST, p.oldest, a.seq
    LIMIT 1
    """

/// The first ready agent in claim order.
struct ReadyAgent: PostgresPreparedStatement {
    static let sql = readyAgentSQL
    static let bindingDataTypes: [PostgresDataType] = [.textArray, .textArray, .textArray]
    typealias Row = String
    var arguments: ReadyAgentArguments
    func makeBindings() -> PostgresBindings { arguments.bindings(passing: true) }
    func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}

/// The first ready agent in claim order that no other claim holds, its row locked.
struct LockedReadyAgent: PostgresPreparedStatement {
    static let sql = readyAgentSQL + " FOR UPDATE OF a SKIP LOCKED"
    static let bindingDataTypes: [PostgresDataType] = [.textArray, .textArray, .textArray]
    typealias Row = String
    var arguments: ReadyAgentArguments
    func makeBindings() -> PostgresBindings { arguments.bindings(passing: true) }
    func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}

/// Any ready agent, in no order: from the pending tasks one at a time (no aggregate over them
/// all), so that the statement stops at the first task whose agent the request admits.
struct AnyReadyAgent: PostgresPreparedStatement {
    static let sql = """
        SELECT a.id FROM task t JOIN agent a ON a.id = t.assigned_to
        WHERE t.status = 'pending' AND a.is_active AND a.provider = ANY($1::TEXT[])
        AND ($2::TEXT[] IS NULL OR a.session_id = ANY($2::TEXT[]))
        AND (SELECT COUNT(*) FROM task r WHERE r.assigned_to = a.id AND r.status = 'in_progress') < a.max_running
        LIMIT 1
        """
    static let bindingDataTypes: [PostgresDataType] = [.textArray, .textArray]
    typealias Row = String
    var arguments: ReadyAgentArguments
    func makeBindings() -> PostgresBindings { arguments.bindings(passing: false) }
    func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}
