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

    // MARK: Writes

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
