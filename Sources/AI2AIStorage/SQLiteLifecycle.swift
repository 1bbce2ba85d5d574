//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import GRDB

/// The life cycle's reads on a SQLite connection, inside the transaction that applies its writes.
struct SQLiteReads: LifecycleReads {
    typealias Ops = SQLiteOperations
    let db: Database

    func task(_ id: TaskID) throws -> AgentTask { try Ops.task(db, id) }

    func taskExists(_ id: TaskID) throws -> Bool {
        try Bool.fetchOne(db, cached: "SELECT EXISTS(SELECT 1 FROM task WHERE id = ?)", arguments: [id.rawValue])
            == true
    }

    func session(_ id: SessionID) throws -> Session { try Ops.session(db, id) }

    func agent(_ id: AgentID) throws -> Agent { try Ops.agent(db, id) }

    func claimProgress(of task: TaskID) throws -> ClaimProgress {
        let value = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT claim_progress FROM task WHERE id = ?"),
            arguments: [task.rawValue]
        )
        return value.flatMap(ClaimProgress.init(rawValue:)) ?? .claimed
    }

    func processStops(of task: TaskID) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT process_stops FROM task WHERE id = ?"),
            arguments: [task.rawValue]
        ) ?? 0
    }

    func lastHeartbeat(of instance: String) throws -> Date? {
        try Double.fetchOne(
            db.cachedStatement(sql: "SELECT beat_at FROM instance_heartbeat WHERE instance = ?"),
            arguments: [instance]
        ).map(Date.init(timeIntervalSince1970:))
    }

    func hasOpenChild(_ parent: TaskID, excluding excluded: TaskID?) throws -> Bool {
        try Bool.fetchOne(
            db,
            cached: """
                SELECT EXISTS(SELECT 1 FROM task WHERE parent_task_id = ? AND id IS NOT ?
                AND status IN ('pending', 'in_progress', 'waiting'))
                """,
            arguments: [parent.rawValue, excluded?.rawValue]
        ) ?? false
    }

    func turnExists(_ task: TaskID, index: Int) throws -> Bool {
        try Bool.fetchOne(
            db,
            cached: "SELECT EXISTS(SELECT 1 FROM task_turn WHERE task_id = ? AND idx = ?)",
            arguments: [task.rawValue, index]
        ) == true
    }

    func updateExists(_ id: String) throws -> Bool {
        try Bool.fetchOne(db, cached: "SELECT EXISTS(SELECT 1 FROM task_update WHERE id = ?)", arguments: [id])
            == true
    }
}

extension SQLiteOperations {
    /// Runs a life-cycle transition on this connection and applies its writes.
    static func run<Result>(
        _ db: Database,
        _ transition: (SQLiteReads) throws -> Transition<Result>
    ) throws -> Result {
        try runLogged(db, transition).result
    }

    /// Runs a life-cycle transition and applies its writes; returns its result and the session
    /// events it stored.
    static func runLogged<Result>(
        _ db: Database,
        _ transition: (SQLiteReads) throws -> Transition<Result>
    ) throws -> (result: Result, events: [SessionEvent]) {
        let computed = try transition(SQLiteReads(db: db))
        let events = try apply(db, computed.writes)
        return (computed.result, events)
    }

    /// Applies a transition's writes, in order; returns the session events it stored.
    @discardableResult
    static func apply(_ db: Database, _ writes: [StoreWrite]) throws -> [SessionEvent] {
        var events: [SessionEvent] = []
        for write in writes {
            switch write {
            case .insertTask(let task): try insert(db, task)
            case .updateTask(let task, let progress): try update(db, task, progress: progress)
            case .setProgress(let task, let progress):
                try db.execute(
                    cached: "UPDATE task SET claim_progress = ? WHERE id = ?",
                    arguments: [progress.rawValue, task.rawValue]
                )
            case .setProcessStops(let task, let stops):
                try db.execute(
                    cached: "UPDATE task SET process_stops = ? WHERE id = ?",
                    arguments: [stops, task.rawValue]
                )
            case .markSessionClaimed(let session):
                try db.execute(cached: sessionClaimSQL, arguments: [session.rawValue])
            case .setContext(let entry): try setContext(db, entry)
            case .appendUpdate(let update): try appendUpdate(db, update)
            case .recordUsage(let record): try recordUsage(db, record)
            case .insertTurn(let turn):
                try db.execute(
                    cached: "INSERT INTO task_turn (task_id, idx, payload, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [turn.taskID.rawValue, turn.index, turn.payload, R.time(turn.createdAt)]
                )
            case .appendEvent(let session, let kind, let at):
                let last = events.last { $0.sessionID == session }?.sequence
                let event = SessionEvent(
                    sessionID: session,
                    sequence: try last.map { $0 + 1 } ?? nextEventSequence(db, session),
                    timestamp: at,
                    kind: kind
                )
                try appendEvent(db, event)
                events.append(event)
            }
        }
        return events
    }

    /// The sequence number the session's next stored event gets.
    static func nextEventSequence(_ db: Database, _ session: SessionID) throws -> UInt64 {
        let last = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT seq FROM session_event WHERE session_id = ? ORDER BY seq DESC LIMIT 1"),
            arguments: [session.rawValue]
        )
        return UInt64(last ?? 0) + 1
    }

    /// Stores an event (its sequence already assigned).
    static func appendEvent(_ db: Database, _ event: SessionEvent) throws {
        try db.execute(
            cached: "INSERT INTO session_event (session_id, seq, type, payload, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [
                event.sessionID.rawValue, Int64(event.sequence), event.type, try JSONEncoder.shared.encode(event),
                R.time(event.timestamp),
            ]
        )
    }

    static func insert(_ db: Database, _ task: AgentTask) throws {
        try db.execute(
            cached: """
                INSERT INTO task (id, session_id, title, description, status, created_by, assigned_to,
                parent_task_id, depth, result, error, created_at, updated_at, completed_at, attempt,
                lease_owner, lease_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                task.id.rawValue, task.sessionID.rawValue, task.title, task.description,
                task.status.rawValue, task.createdBy, task.assignedTo.rawValue,
                task.parentTaskID?.rawValue, task.depth, task.result, task.error,
                R.time(task.createdAt), R.time(task.updatedAt), task.completedAt.map(R.time),
                task.attempt, task.leaseOwner, task.leaseExpiresAt.map(R.time),
            ]
        )
    }
}
