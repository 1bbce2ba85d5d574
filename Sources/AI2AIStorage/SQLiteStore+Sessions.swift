//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import Foundation
import GRDB

// The session life cycle of SQLiteStore: listing with counts, cancellation, retention.
extension SQLiteStore {
    public func sessionSummaries(limit: Int, offset: Int) async throws -> [SessionSummary] {
        try await read { db in
            // One row per session and task status of a page of sessions: the page comes from the
            // (created_at, id) index, the counts from the (session_id, status, updated_at) index.
            let rows = try Row.fetchAll(
                db,
                cached: """
                    SELECT page.*, t.status AS task_status, COUNT(t.id) AS task_count,
                    MAX(t.updated_at) AS task_updated_at,
                    (SELECT MAX(m.created_at) FROM session_message m WHERE m.session_id = page.id) AS message_at
                    FROM (SELECT * FROM session ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?) AS page
                    LEFT JOIN task t ON t.session_id = page.id
                    GROUP BY page.id, t.status
                    ORDER BY page.created_at DESC, page.id DESC
                    """,
                arguments: [max(0, limit), max(0, offset)]
            )
            var summaries: [SessionSummary] = []
            for row in rows {
                let session = try SQLiteRows.session(row)
                if summaries.last?.session.id != session.id {
                    let messageAt = (row["message_at"] as Double?).map(SQLiteRows.date) ?? .distantPast
                    summaries.append(
                        SessionSummary(
                            session: session,
                            taskCounts: [:],
                            lastActivityAt: max(session.updatedAt, messageAt)
                        )
                    )
                }
                guard let statusText = row["task_status"] as String? else { continue }
                guard let status = TaskStatus(rawValue: statusText) else {
                    throw AI2AIError(.storage, "A task of session \(session.id) has an unknown status '\(statusText)'")
                }
                summaries[summaries.count - 1].taskCounts[status] = row["task_count"] as Int
                if let updated = (row["task_updated_at"] as Double?).map(SQLiteRows.date) {
                    let last = summaries[summaries.count - 1].lastActivityAt
                    summaries[summaries.count - 1].lastActivityAt = max(last, updated)
                }
            }
            return summaries
        }
    }

    public func cancelTasks(_ scope: CancellationScope, reason: String) async throws -> CancellationResult {
        let now = clock.now
        return try await write { db in
            let targets: [AgentTask]
            switch scope {
            case .session(let id):
                _ = try SQLiteOperations.session(db, id)
                targets = try Row.fetchAll(
                    db,
                    cached: """
                        SELECT * FROM task WHERE session_id = ? AND status IN ('pending', 'in_progress', 'waiting')
                        ORDER BY created_at, rowid
                        """,
                    arguments: [id.rawValue],
                    as: SQLiteRows.task
                )
            case .task(let id):
                _ = try SQLiteOperations.task(db, id)
                targets = try Row.fetchAll(
                    db,
                    cached: """
                        WITH RECURSIVE tree(id) AS (
                            SELECT ? UNION ALL SELECT task.id FROM task JOIN tree ON task.parent_task_id = tree.id
                        )
                        SELECT task.* FROM task JOIN tree ON task.id = tree.id
                        WHERE task.status IN ('pending', 'in_progress', 'waiting')
                        ORDER BY task.created_at, task.rowid
                        """,
                    arguments: [id.rawValue],
                    as: SQLiteRows.task
                )
            }
            var cancelled: [CancelledTask] = []
            var resumed: AgentTask?
            // Children before parents, so that a parent is never resumed by a child cancelled with it.
            for task in targets.sorted(by: { $0.depth > $1.depth }) {
                let current = try SQLiteOperations.task(db, task.id)
                let result = try SQLiteOperations.run(db) {
                    try TaskLifecycle.finishing(current, .cancelled(reason), reads: $0, now: now)
                }
                if let parent = result.resumedParent { resumed = parent }
                cancelled.append(
                    CancelledTask(task: result.task, previousStatus: task.status, previousLeaseOwner: task.leaseOwner)
                )
            }
            if let parent = resumed, try SQLiteOperations.task(db, parent.id).status != .pending { resumed = nil }
            if case .session(let id) = scope, !cancelled.isEmpty {
                try SQLiteOperations.apply(db, [.appendEvent(id, .sessionCancelled, at: now)])
            }
            let order = Dictionary(uniqueKeysWithValues: targets.enumerated().map { ($0.element.id, $0.offset) })
            cancelled.sort { (order[$0.task.id] ?? 0) < (order[$1.task.id] ?? 0) }
            return CancellationResult(cancelled: cancelled, resumedParent: resumed)
        }
    }

    public func deleteFinishedSessions(lastActiveBefore date: Date, limit: Int) async throws -> [SessionID] {
        let cutoff = SQLiteRows.time(date)
        let deleted = try await write { db in
            // A session created after the cutoff cannot qualify, so the scan stops at the cutoff in
            // the created_at index; each candidate costs a few index lookups.
            let ids = try String.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT s.id FROM session s
                        WHERE s.created_at < ? AND s.updated_at < ?
                        AND NOT EXISTS (SELECT 1 FROM task t WHERE t.session_id = s.id
                            AND t.status IN ('pending', 'in_progress', 'waiting'))
                        AND COALESCE((SELECT MAX(t.updated_at) FROM task t WHERE t.session_id = s.id), 0) < ?
                        AND COALESCE((SELECT MAX(m.created_at) FROM session_message m WHERE m.session_id = s.id), 0) < ?
                        ORDER BY s.created_at, s.id LIMIT ?
                        """
                ),
                arguments: [cutoff, cutoff, cutoff, cutoff, max(0, limit)]
            )
            for id in ids {
                try db.execute(cached: "DELETE FROM session WHERE id = ?", arguments: [id])
            }
            return ids.map(SessionID.init)
        }
        if !deleted.isEmpty { try await reclaimSpace() }
        return deleted
    }

    /// Gives the pages freed by deletions back to the file system (`PRAGMA incremental_vacuum`), then
    /// checkpoints the write-ahead log so that the database file shrinks.
    ///
    /// Effective on files created with `auto_vacuum = INCREMENTAL`, which every file this version
    /// creates is. An older file (`auto_vacuum = NONE`) keeps its size and reuses the freed pages;
    /// convert it once, with no process using it, by `sqlite3 FILE 'PRAGMA auto_vacuum = INCREMENTAL; VACUUM;'`
    /// (Documentation/Operations.md).
    /// - Throws: ``AI2AIError`` `.unavailable` or `.storage` when the database refuses.
    public func reclaimSpace() async throws {
        do {
            try await pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA incremental_vacuum")
                _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        } catch {
            throw SQLiteStore.map(error)
        }
    }
}

extension SQLiteSchema {
    /// The indexes of the session life cycle: sessions newest first, and task counts by status and
    /// last activity per session, read from an index alone.
    static func registerSessionLifecycle(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-session-lifecycle") { db in
            try db.create(index: "session_created_at_id", on: "session", columns: ["created_at", "id"])
            try db.create(
                index: "task_session_status_updated",
                on: "task",
                columns: ["session_id", "status", "updated_at"]
            )
            try db.create(
                index: "session_message_session_created",
                on: "session_message",
                columns: ["session_id", "created_at"]
            )
        }
    }
}
