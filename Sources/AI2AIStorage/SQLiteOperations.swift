//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import GRDB

/// The statements of ``SQLiteStore``, each run inside a transaction the caller opened, so that
/// compound operations compose them atomically.
enum SQLiteOperations {
    typealias R = SQLiteRows

    // MARK: Lookups

    static func session(_ db: Database, _ id: SessionID) throws -> Session {
        guard
            let value = try Row.fetchOne(
                db,
                cached: "SELECT * FROM session WHERE id = ?",
                arguments: [id.rawValue],
                as: R.session
            )
        else { throw AI2AIError.notFound("Session", id) }
        return value
    }

    static func agent(_ db: Database, _ id: AgentID) throws -> Agent {
        guard
            let value = try Row.fetchOne(
                db,
                cached: "SELECT * FROM agent WHERE id = ?",
                arguments: [id.rawValue],
                as: R.agent
            )
        else { throw AI2AIError.notFound("Agent", id) }
        return value
    }

    static func task(_ db: Database, _ id: TaskID) throws -> AgentTask {
        guard
            let value = try Row.fetchOne(
                db,
                cached: "SELECT * FROM task WHERE id = ?",
                arguments: [id.rawValue],
                as: R.task
            )
        else { throw AI2AIError.notFound("Task", id) }
        return value
    }

    static func leasedTask(_ db: Database, _ id: TaskID, owner: String) throws -> AgentTask {
        let task = try task(db, id)
        try StoreRules.checkLease(task, owner: owner)
        return task
    }

    static func checkSameSession(_ db: Database, _ taskID: TaskID, _ sessionID: SessionID) throws {
        let target = try task(db, taskID)
        guard target.sessionID == sessionID else {
            throw AI2AIError(.invalidArgument, "Task \(taskID) belongs to another session")
        }
    }

    static func hasOpenChild(_ db: Database, _ parent: TaskID) throws -> Bool {
        try Bool.fetchOne(
            db,
            cached: """
                SELECT EXISTS(SELECT 1 FROM task WHERE parent_task_id = ?
                AND status IN ('pending', 'in_progress', 'waiting'))
                """,
            arguments: [parent.rawValue]
        ) ?? false
    }

    // MARK: Writes

    static func insertTask(_ db: Database, _ task: AgentTask) throws -> AgentTask {
        _ = try session(db, task.sessionID)
        if try Bool.fetchOne(
            db,
            cached: "SELECT EXISTS(SELECT 1 FROM task WHERE id = ?)",
            arguments: [task.id.rawValue]
        ) == true {
            throw AI2AIError(.conflict, "Task \(task.id) already exists")
        }
        let assignee = try agent(db, task.assignedTo)
        guard assignee.sessionID == task.sessionID else {
            throw AI2AIError(.invalidArgument, "Agent \(assignee.id) belongs to another session")
        }
        var stored = task
        if let parentID = task.parentTaskID {
            let parent = try self.task(db, parentID)
            try StoreRules.checkNewTask(task, parent: parent)
            stored.depth = parent.depth + 1
        } else {
            try StoreRules.checkNewTask(task, parent: nil)
            stored.depth = 0
        }
        try db.execute(
            cached: """
                INSERT INTO task (id, session_id, title, description, status, created_by, assigned_to,
                parent_task_id, depth, result, error, created_at, updated_at, completed_at, attempt,
                lease_owner, lease_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                stored.id.rawValue, stored.sessionID.rawValue, stored.title, stored.description,
                stored.status.rawValue, stored.createdBy, stored.assignedTo.rawValue,
                stored.parentTaskID?.rawValue, stored.depth, stored.result, stored.error,
                R.time(stored.createdAt), R.time(stored.updatedAt), stored.completedAt.map(R.time),
                stored.attempt, stored.leaseOwner, stored.leaseExpiresAt.map(R.time),
            ]
        )
        return stored
    }

    /// Ends a task (already checked) and resumes its waiting parent when it was the last open child.
    static func finish(_ db: Database, _ task: AgentTask, _ outcome: TaskOutcome, now: Date) throws -> FinishResult {
        var task = task
        task.status = outcome.status
        switch outcome {
        case .completed(let result): task.result = result
        case .failed(let error), .cancelled(let error): task.error = error
        }
        task.completedAt = now
        task.updatedAt = now
        task.leaseOwner = nil
        task.leaseExpiresAt = nil
        try db.execute(
            cached: """
                UPDATE task SET status = ?, result = ?, error = ?, completed_at = ?, updated_at = ?,
                attempt = ?, lease_owner = NULL, lease_expires_at = NULL WHERE id = ?
                """,
            arguments: [
                task.status.rawValue, task.result, task.error, R.time(now), R.time(now), task.attempt,
                task.id.rawValue,
            ]
        )
        var resumed: AgentTask?
        if let parentID = task.parentTaskID {
            var parent = try self.task(db, parentID)
            if parent.status == .waiting, try !hasOpenChild(db, parentID) {
                parent.status = .pending
                parent.updatedAt = now
                try db.execute(
                    cached: "UPDATE task SET status = 'pending', updated_at = ? WHERE id = ?",
                    arguments: [R.time(now), parentID.rawValue]
                )
                resumed = parent
            }
        }
        return FinishResult(task: task, resumedParent: resumed)
    }

    /// Parks an in-progress task (already checked) until its children finish.
    static func park(_ db: Database, _ task: AgentTask, now: Date) throws -> AgentTask {
        var task = task
        task.status = try hasOpenChild(db, task.id) ? .waiting : .pending
        task.leaseOwner = nil
        task.leaseExpiresAt = nil
        task.updatedAt = now
        try db.execute(
            cached: """
                UPDATE task SET status = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE id = ?
                """,
            arguments: [task.status.rawValue, R.time(now), task.id.rawValue]
        )
        return task
    }

    static func setContext(_ db: Database, _ entry: ContextEntry) throws {
        try db.execute(
            cached: """
                INSERT INTO context_entry (task_id, key, value, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(task_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """,
            arguments: [entry.taskID.rawValue, entry.key, entry.value, R.time(entry.updatedAt)]
        )
    }

    static func appendUpdate(_ db: Database, _ update: TaskUpdate) throws {
        if try Bool.fetchOne(
            db,
            cached: "SELECT EXISTS(SELECT 1 FROM task_update WHERE id = ?)",
            arguments: [update.id]
        ) == true {
            throw AI2AIError(.conflict, "Update \(update.id) already exists")
        }
        try db.execute(
            cached: """
                INSERT INTO task_update (id, task_id, session_id, kind, author, content, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                update.id, update.taskID.rawValue, update.sessionID.rawValue, update.kind.rawValue,
                update.author, update.content, R.time(update.createdAt),
            ]
        )
    }

    static func appendMessage(_ db: Database, _ message: SessionMessage) throws {
        try db.execute(
            cached: "INSERT INTO session_message (id, session_id, role, content, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [
                message.id, message.sessionID.rawValue, message.role, message.content, R.time(message.createdAt),
            ]
        )
    }

    static func recordUsage(_ db: Database, _ record: UsageRecord) throws {
        try db.execute(
            cached: """
                INSERT INTO usage_record (session_id, task_id, agent_id, model, input_tokens, output_tokens,
                created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.sessionID.rawValue, record.taskID?.rawValue, record.agentID?.rawValue, record.model,
                record.inputTokens, record.outputTokens, R.time(record.createdAt),
            ]
        )
    }
}
