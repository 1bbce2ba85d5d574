//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Foundation
import PostgresNIO

/// A row the life cycle asked for that is not read yet.
enum ReadMiss: Error {
    case task(TaskID)
    case session(SessionID)
    case agent(AgentID)
    case heartbeat(String)
    case openChild(OpenChildKey)
    case turn(TurnKey)
    case update(String)
}

struct OpenChildKey: Hashable {
    var parent: TaskID
    var excluded: TaskID?
}

struct TurnKey: Hashable {
    var task: TaskID
    var index: Int
}

/// The life cycle's reads (``TaskLifecycle`` is synchronous, PostgresNIO is not): answered from the
/// rows read so far; a row not read yet throws ``ReadMiss``, and ``PostgresLifecycle/run(_:_:reads:)``
/// reads it, in the transaction, and computes the transition again. A transition is a pure function
/// of its reads, so computing it again is safe, and each row is read once.
///
/// Tasks are read `FOR UPDATE`: a transition changes the rows it read, and no other transaction may
/// change them between the read and the write.
struct PostgresReads: LifecycleReads {
    var tasks: [TaskID: TaskRow?] = [:]
    var sessions: [SessionID: Session?] = [:]
    var agents: [AgentID: Agent?] = [:]
    var heartbeats: [String: Date?] = [:]
    var openChildren: [OpenChildKey: Bool] = [:]
    var turns: [TurnKey: Bool] = [:]
    var updates: [String: Bool] = [:]

    func taskRow(_ id: TaskID) throws -> TaskRow {
        guard let entry = tasks[id] else { throw ReadMiss.task(id) }
        guard let row = entry else { throw AI2AIError.notFound("Task", id) }
        return row
    }

    func task(_ id: TaskID) throws -> AgentTask { try taskRow(id).task }

    func taskExists(_ id: TaskID) throws -> Bool {
        guard let entry = tasks[id] else { throw ReadMiss.task(id) }
        return entry != nil
    }

    func session(_ id: SessionID) throws -> Session {
        guard let entry = sessions[id] else { throw ReadMiss.session(id) }
        guard let session = entry else { throw AI2AIError.notFound("Session", id) }
        return session
    }

    func agent(_ id: AgentID) throws -> Agent {
        guard let entry = agents[id] else { throw ReadMiss.agent(id) }
        guard let agent = entry else { throw AI2AIError.notFound("Agent", id) }
        return agent
    }

    func claimProgress(of task: TaskID) throws -> ClaimProgress {
        guard let entry = tasks[task] else { throw ReadMiss.task(task) }
        return entry?.progress ?? .claimed
    }

    func processStops(of task: TaskID) throws -> Int {
        guard let entry = tasks[task] else { throw ReadMiss.task(task) }
        return entry?.processStops ?? 0
    }

    func lastHeartbeat(of instance: String) throws -> Date? {
        guard let entry = heartbeats[instance] else { throw ReadMiss.heartbeat(instance) }
        return entry
    }

    func hasOpenChild(_ parent: TaskID, excluding excluded: TaskID?) throws -> Bool {
        let key = OpenChildKey(parent: parent, excluded: excluded)
        guard let value = openChildren[key] else { throw ReadMiss.openChild(key) }
        return value
    }

    func turnExists(_ task: TaskID, index: Int) throws -> Bool {
        let key = TurnKey(task: task, index: index)
        guard let value = turns[key] else { throw ReadMiss.turn(key) }
        return value
    }

    func updateExists(_ id: String) throws -> Bool {
        guard let value = updates[id] else { throw ReadMiss.update(id) }
        return value
    }

    /// Reads the row a transition asked for.
    mutating func load(_ miss: ReadMiss, _ sql: PostgresSQL) async throws {
        typealias R = PostgresRows
        switch miss {
        case .task(let id):
            let row = try await sql.one(
                "SELECT \(unescaped: R.taskColumns) FROM task WHERE id = \(id.rawValue) FOR UPDATE",
                R.taskRow
            )
            tasks.updateValue(row, forKey: id)
        case .session(let id):
            let row = try await sql.one(
                "SELECT \(unescaped: R.sessionColumns) FROM session WHERE id = \(id.rawValue)",
                R.session
            )
            sessions.updateValue(row, forKey: id)
        case .agent(let id):
            // The whole roster at once: a turn that delegates reads several agents of the session.
            let roster = try await sql.rows(
                """
                SELECT \(unescaped: R.agentColumns) FROM agent
                WHERE session_id = (SELECT session_id FROM agent WHERE id = \(id.rawValue))
                """,
                R.agent
            )
            for agent in roster { agents.updateValue(agent, forKey: agent.id) }
            if agents[id] == nil { agents.updateValue(nil, forKey: id) }
        case .heartbeat(let instance):
            let beat = try await sql.value(
                Double.self,
                "SELECT beat_at FROM instance_heartbeat WHERE instance = \(instance)"
            )
            heartbeats.updateValue(beat.map(R.date), forKey: instance)
        case .openChild(let key):
            let open = try await sql.value(
                Bool.self,
                """
                SELECT EXISTS(SELECT 1 FROM task WHERE parent_task_id = \(key.parent.rawValue)
                AND id IS DISTINCT FROM \(key.excluded?.rawValue) AND status IN ('pending', 'in_progress', 'waiting'))
                """
            )
            openChildren[key] = open ?? false
        case .turn(let key):
            let exists = try await sql.value(
                Bool.self,
                "SELECT EXISTS(SELECT 1 FROM task_turn WHERE task_id = \(key.task.rawValue) AND idx = \(key.index))"
            )
            turns[key] = exists ?? false
        case .update(let id):
            let exists = try await sql.value(Bool.self, "SELECT EXISTS(SELECT 1 FROM task_update WHERE id = \(id))")
            updates[id] = exists ?? false
        }
    }
}

/// Runs the shared life-cycle transitions (``TaskLifecycle``) in a PostgreSQL transaction and applies
/// their writes.
enum PostgresLifecycle {
    typealias R = PostgresRows

    /// Computes a transition, reading the rows it asks for, and applies its writes; returns its
    /// result and the session events it stored.
    static func run<Result>(
        _ sql: PostgresSQL,
        _ transition: (PostgresReads) throws -> Transition<Result>,
        reads: PostgresReads = PostgresReads()
    ) async throws -> (result: Result, events: [SessionEvent]) {
        var reads = reads
        for _ in 0..<10_000 {
            let computed: Transition<Result>
            do {
                computed = try transition(reads)
            } catch let miss as ReadMiss {
                try await reads.load(miss, sql)
                continue
            }
            return (computed.result, try await apply(sql, computed.writes))
        }
        throw AI2AIError(.storage, "A PostgreSQL transition read more than 10,000 rows")
    }

    /// Applies a transition's writes, in order; returns the session events it stored.
    @discardableResult
    static func apply(_ sql: PostgresSQL, _ writes: [StoreWrite]) async throws -> [SessionEvent] {
        var sequences = try await reserveEventSequences(sql, writes)
        var events: [SessionEvent] = []
        for write in writes {
            switch write {
            case .insertTask(let task):
                if task.status == .pending { sql.madeWorkReady = true }
                try await insert(sql, task)
            case .updateTask(let task, let progress):
                if task.status == .pending { sql.madeWorkReady = true }
                try await update(sql, task, progress: progress)
            case .setProgress(let task, let progress):
                try await sql.write(
                    "UPDATE task SET claim_progress = \(progress.rawValue) WHERE id = \(task.rawValue)"
                )
            case .setProcessStops(let task, let stops):
                try await sql.write("UPDATE task SET process_stops = \(stops) WHERE id = \(task.rawValue)")
            case .markSessionClaimed(let session):
                try await sql.write(
                    "UPDATE session SET last_claim = nextval('claim_order') WHERE id = \(session.rawValue)"
                )
            case .setContext(let entry): try await setContext(sql, entry)
            case .appendUpdate(let update): try await appendUpdate(sql, update)
            case .recordUsage(let record): try await recordUsage(sql, record)
            case .insertTurn(let turn):
                try await sql.write(
                    """
                    INSERT INTO task_turn (task_id, idx, payload, created_at)
                    VALUES (\(turn.taskID.rawValue), \(turn.index), \(turn.payload), \(R.time(turn.createdAt)))
                    """
                )
            case .appendEvent(let session, let kind, let at):
                let sequence = sequences[session, default: 1]
                sequences[session] = sequence + 1
                events.append(SessionEvent(sessionID: session, sequence: sequence, timestamp: at, kind: kind))
            }
        }
        try await insertEvents(sql, events)
        return events
    }

    /// The advisory lock that event-storing transactions hold from their events' insertion to their
    /// commit (`pg_advisory_xact_lock`; "AI2AIEV" in ASCII).
    static let eventLock: Int64 = 0x41_49_32_41_49_45_56

    /// Stores events (their sequences assigned), last in their transaction and under ``eventLock``:
    /// their store-wide `id`s are then taken in the order the transactions commit, so that
    /// ``PostgresStore/eventLogChanges(after:)`` never passes over an event committed late.
    ///
    /// The lock is taken by the insert itself (the materialized `lock` row is read before the
    /// first row is inserted, so before the first `id` is drawn): it is held for the insert and the
    /// commit only, not for a round trip more, since every event-storing transaction of every
    /// process queues on it.
    static func insertEvents(_ sql: PostgresSQL, _ events: [SessionEvent]) async throws {
        guard !events.isEmpty else { return }
        var binds = PostgresBindings()
        binds.append(eventLock)
        var rows: [String] = []
        for event in events {
            let first = binds.count + 1
            binds.append(event.sessionID.rawValue)
            binds.append(Int64(event.sequence))
            binds.append(event.type)
            try binds.append(JSONEncoder.shared.encode(event))
            binds.append(R.time(event.timestamp))
            rows.append(
                "($\(first)::TEXT, $\(first + 1)::BIGINT, $\(first + 2)::TEXT, $\(first + 3)::BYTEA, "
                    + "$\(first + 4)::DOUBLE PRECISION)"
            )
        }
        try await sql.write(
            PostgresQuery(
                unsafeSQL: """
                    WITH lock AS MATERIALIZED (SELECT pg_advisory_xact_lock($1))
                    INSERT INTO session_event (session_id, seq, type, payload, created_at)
                    SELECT v.session_id, v.seq, v.type, v.payload, v.created_at FROM lock,
                    (VALUES \(rows.joined(separator: ", "))) AS v (session_id, seq, type, payload, created_at)
                    """,
                binds: binds
            )
        )
    }

    /// Takes the sequence numbers of the events among `writes` from their sessions' counters, one
    /// statement per session; returns the first number of each session. Locks those session rows,
    /// so that concurrent transactions number their events one after the other.
    static func reserveEventSequences(
        _ sql: PostgresSQL,
        _ writes: [StoreWrite]
    ) async throws -> [SessionID: UInt64] {
        var counts: [SessionID: Int] = [:]
        var order: [SessionID] = []
        for case .appendEvent(let session, _, _) in writes {
            if counts[session] == nil { order.append(session) }
            counts[session, default: 0] += 1
        }
        var first: [SessionID: UInt64] = [:]
        for session in order {
            let count = counts[session] ?? 0
            let rows = try await sql.writeReturning(
                """
                UPDATE session SET event_seq = event_seq + \(count) WHERE id = \(session.rawValue) RETURNING event_seq
                """
            )
            guard let last = try rows.first?.makeRandomAccess()[0].decode(Int64.self) else {
                throw AI2AIError.notFound("Session", session)
            }
            first[session] = UInt64(last - Int64(count) + 1)
        }
        return first
    }

    static func insert(_ sql: PostgresSQL, _ task: AgentTask) async throws {
        try await sql.write(
            """
            INSERT INTO task (id, session_id, title, description, status, created_by, assigned_to,
            parent_task_id, depth, result, error, created_at, updated_at, completed_at, attempt,
            lease_owner, lease_expires_at) VALUES (\(task.id.rawValue), \(task.sessionID.rawValue),
            \(task.title), \(task.description), \(task.status.rawValue), \(task.createdBy),
            \(task.assignedTo.rawValue), \(task.parentTaskID?.rawValue), \(task.depth), \(task.result),
            \(task.error), \(R.time(task.createdAt)), \(R.time(task.updatedAt)), \(task.completedAt.map(R.time)),
            \(task.attempt), \(task.leaseOwner), \(task.leaseExpiresAt.map(R.time)))
            """
        )
    }

    /// Writes every mutable column of a task row; with `progress`, its claim progress too.
    static func update(_ sql: PostgresSQL, _ task: AgentTask, progress: ClaimProgress?) async throws {
        try await sql.write(
            """
            UPDATE task SET status = \(task.status.rawValue), result = \(task.result), error = \(task.error),
            updated_at = \(R.time(task.updatedAt)), completed_at = \(task.completedAt.map(R.time)),
            attempt = \(task.attempt), lease_owner = \(task.leaseOwner),
            lease_expires_at = \(task.leaseExpiresAt.map(R.time)),
            claim_progress = COALESCE(\(progress?.rawValue)::BIGINT, claim_progress) WHERE id = \(task.id.rawValue)
            """
        )
    }

    static func setContext(_ sql: PostgresSQL, _ entry: ContextEntry) async throws {
        try await sql.write(
            """
            INSERT INTO context_entry (task_id, key, value, updated_at)
            VALUES (\(entry.taskID.rawValue), \(entry.key), \(entry.value), \(R.time(entry.updatedAt)))
            ON CONFLICT (task_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """
        )
    }

    static func appendUpdate(_ sql: PostgresSQL, _ update: TaskUpdate) async throws {
        try await sql.write(
            """
            INSERT INTO task_update (id, task_id, session_id, kind, author, content, created_at)
            VALUES (\(update.id), \(update.taskID.rawValue), \(update.sessionID.rawValue), \(update.kind.rawValue),
            \(update.author), \(update.content), \(R.time(update.createdAt)))
            """
        )
    }

    static func appendMessage(_ sql: PostgresSQL, _ message: SessionMessage) async throws {
        try await sql.write(
            """
            INSERT INTO session_message (id, session_id, role, content, created_at)
            VALUES (\(message.id), \(message.sessionID.rawValue), \(message.role), \(message.content),
            \(R.time(message.createdAt)))
            """
        )
    }

    static func recordUsage(_ sql: PostgresSQL, _ record: UsageRecord) async throws {
        try await sql.write(
            """
            INSERT INTO usage_record (session_id, task_id, agent_id, model, input_tokens, output_tokens, created_at)
            VALUES (\(record.sessionID.rawValue), \(record.taskID?.rawValue), \(record.agentID?.rawValue),
            \(record.model), \(record.inputTokens), \(record.outputTokens), \(R.time(record.createdAt)))
            """
        )
    }
}
