//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import GRDB

/// The schema of ``SQLiteStore``. A migration never changes once released; add a new one instead.
enum SQLiteSchema {
    /// Brings the schema of an opened database up to date.
    ///
    /// A database that a newer version of AI2AI migrated further than this version knows is
    /// refused before anything is written: running old code on it could corrupt rows it does not
    /// understand.
    /// - Throws: ``AI2AIError`` `.storage`, naming the path.
    static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = migrator
        let unknown: [String]
        do {
            unknown = try pool.read { db in
                try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
            }
        } catch {
            throw AI2AIError(.storage, "Cannot open the database at \(path): \(SQLiteStore.describe(error))")
        }
        guard unknown.isEmpty else {
            throw AI2AIError(
                .storage,
                "The database at \(path) was written by a newer version of AI2AI (schema "
                    + "\(unknown.joined(separator: ", ")); this version knows up to "
                    + "\(migrator.migrations.last ?? "none"). Upgrade AI2AI, or use another database file."
            )
        }
        do {
            try migrator.migrate(pool)
        } catch {
            throw AI2AIError(.storage, "Cannot migrate the database at \(path): \(SQLiteStore.describe(error))")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "session") { t in
                t.primaryKey("id", .text)
                t.column("title", .text)
                t.column("system_prompt", .text)
                t.column("tags", .text).notNull().defaults(to: "[]")
                t.column("created_at", .double).notNull()
                t.column("updated_at", .double).notNull()
            }
            try db.create(index: "session_created_at", on: "session", columns: ["created_at"])

            try db.create(table: "agent") { t in
                t.primaryKey("id", .text)
                t.column("session_id", .text).notNull().references("session", onDelete: .cascade)
                t.column("idx", .integer).notNull()
                t.column("name", .text).notNull()
                t.column("role", .text).notNull()
                t.column("model", .text).notNull()
                t.column("action_format", .text).notNull()
                t.column("is_active", .boolean).notNull()
                t.column("created_at", .double).notNull()
                t.uniqueKey(["session_id", "idx"])
                t.uniqueKey(["session_id", "name"])
            }

            try db.create(table: "task") { t in
                t.primaryKey("id", .text)
                t.column("session_id", .text).notNull().references("session", onDelete: .cascade)
                t.column("title", .text).notNull()
                t.column("description", .text).notNull()
                t.column("status", .text).notNull()
                t.column("created_by", .text).notNull()
                t.column("assigned_to", .text).notNull().references("agent", onDelete: .cascade)
                t.column("parent_task_id", .text).references("task", onDelete: .cascade)
                t.column("depth", .integer).notNull()
                t.column("result", .text)
                t.column("error", .text)
                t.column("created_at", .double).notNull()
                t.column("updated_at", .double).notNull()
                t.column("completed_at", .double)
                t.column("attempt", .integer).notNull()
                t.column("lease_owner", .text)
                t.column("lease_expires_at", .double)
            }
            try db.create(index: "task_session", on: "task", columns: ["session_id"])
            try db.create(index: "task_assignee_status", on: "task", columns: ["assigned_to", "status", "created_at"])
            try db.create(index: "task_parent", on: "task", columns: ["parent_task_id"])
            try db.create(index: "task_status_lease", on: "task", columns: ["status", "lease_expires_at"])

            try db.create(table: "context_entry") { t in
                t.column("task_id", .text).notNull().references("task", onDelete: .cascade)
                t.column("key", .text).notNull()
                t.column("value", .text).notNull()
                t.column("updated_at", .double).notNull()
                t.primaryKey(["task_id", "key"])
            }

            try db.create(table: "task_update") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("id", .text).notNull().unique()
                t.column("task_id", .text).notNull().references("task", onDelete: .cascade)
                t.column("session_id", .text).notNull().references("session", onDelete: .cascade)
                t.column("kind", .text).notNull()
                t.column("author", .text).notNull()
                t.column("content", .text).notNull()
                t.column("created_at", .double).notNull()
            }
            try db.create(index: "task_update_task", on: "task_update", columns: ["task_id"])
            try db.create(index: "task_update_session", on: "task_update", columns: ["session_id"])

            try db.create(table: "session_message") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("id", .text).notNull().unique()
                t.column("session_id", .text).notNull().references("session", onDelete: .cascade)
                t.column("role", .text).notNull()
                t.column("content", .text).notNull()
                t.column("created_at", .double).notNull()
            }
            try db.create(index: "session_message_session", on: "session_message", columns: ["session_id"])

            try db.create(table: "usage_record") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("session_id", .text).notNull().references("session", onDelete: .cascade)
                t.column("task_id", .text)
                t.column("agent_id", .text)
                t.column("model", .text).notNull()
                t.column("input_tokens", .integer).notNull()
                t.column("output_tokens", .integer).notNull()
                t.column("created_at", .double).notNull()
            }
            try db.create(index: "usage_session", on: "usage_record", columns: ["session_id"])
            try db.create(index: "usage_task", on: "usage_record", columns: ["task_id"])
            try db.create(index: "usage_agent", on: "usage_record", columns: ["agent_id"])

            try db.create(table: "task_turn") { t in
                t.column("task_id", .text).notNull().references("task", onDelete: .cascade)
                t.column("idx", .integer).notNull()
                t.column("payload", .blob).notNull()
                t.column("created_at", .double).notNull()
                t.primaryKey(["task_id", "idx"])
            }
        }
        migrator.registerMigration("v2-claims") { db in
            // The cross-session claim (Documentation/Storage.md, "Claiming"): the agent's routing key
            // and concurrency limit, how far a claim got (attempt charging), the session's last
            // claim (fairness), and the indexes the claim's queries use.
            try db.alter(table: "agent") { t in
                t.add(column: "provider", .text).notNull().defaults(to: "")
                t.add(column: "max_running", .integer).notNull().defaults(to: 1)
            }
            // Agents stored before: the provider is the model's prefix when it names a provider
            // AI2AI knows; otherwise it stays unknown ("") and only a claim that admits "" takes it.
            try db.execute(
                sql: """
                    UPDATE agent SET provider = lower(substr(model, 1, instr(model, ':') - 1))
                    WHERE instr(model, ':') > 1
                    AND lower(substr(model, 1, instr(model, ':') - 1)) IN ('openrouter', 'openai', 'anthropic', 'ollama')
                    """
            )
            try db.alter(table: "task") { t in
                t.add(column: "claim_progress", .integer).notNull().defaults(to: 0)
            }
            // A claim of an earlier version may have started its model call: its expiry is charged,
            // as it was then.
            try db.execute(sql: "UPDATE task SET claim_progress = 1 WHERE status = 'in_progress'")
            try db.alter(table: "session") { t in
                t.add(column: "last_claim", .integer)
            }
            try db.create(index: "session_last_claim", on: "session", columns: ["last_claim"])
            try db.create(index: "task_status_assignee", on: "task", columns: ["status", "assigned_to", "created_at"])
            try db.create(index: "task_session_status", on: "task", columns: ["session_id", "status"])
        }
        registerSessionLifecycle(&migrator)
        migrator.registerMigration("v2-heartbeats") { db in
            // Which orchestrator instances are alive, so that recovery can tell a stopped process
            // from a stalled claim; and how often the processes working a task stopped during its
            // model calls (such stops cost no attempt, but are capped).
            try db.create(table: "instance_heartbeat") { t in
                t.primaryKey("instance", .text)
                t.column("beat_at", .double).notNull()
            }
            try db.alter(table: "task") { t in
                t.add(column: "process_stops", .integer).notNull().defaults(to: 0)
            }
        }
        migrator.registerMigration("v3-event-log") { db in
            // The session's event log (Documentation/Architecture.md, "Event log"): every stored
            // SessionEvent, numbered per session, written in the transaction of the change it
            // reports. `id` orders all sessions' events (AUTOINCREMENT: never reused), so that a
            // process can find the sessions that another process wrote events for.
            try db.create(table: "session_event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("session_id", .text).notNull().references("session", onDelete: .cascade)
                t.column("seq", .integer).notNull()
                t.column("type", .text).notNull()
                t.column("payload", .blob).notNull()
                t.column("created_at", .double).notNull()
            }
            try db.create(
                index: "session_event_seq",
                on: "session_event",
                columns: ["session_id", "seq"],
                unique: true
            )
        }
        return migrator
    }
}
