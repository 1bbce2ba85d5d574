//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import AI2AIStorage
public import Foundation
import PostgresNIO

// The session life cycle (listing with counts, cancellation, retention) and the event log.
extension PostgresStore {
    private typealias R = PostgresRows

    public func sessionSummaries(limit: Int, offset: Int) async throws -> [SessionSummary] {
        try await read { sql in
            let rows = try await sql.rows(
                """
                SELECT page.id, page.title, page.system_prompt, page.tags, page.created_at, page.updated_at,
                t.status, COUNT(t.id), MAX(t.updated_at),
                (SELECT MAX(m.created_at) FROM session_message m WHERE m.session_id = page.id)
                FROM (SELECT \(unescaped: R.sessionColumns) FROM session ORDER BY created_at DESC, id COLLATE "C" DESC
                    LIMIT \(max(0, limit)) OFFSET \(max(0, offset))) AS page
                LEFT JOIN task t ON t.session_id = page.id
                GROUP BY page.id, page.title, page.system_prompt, page.tags, page.created_at, page.updated_at, t.status
                ORDER BY page.created_at DESC, page.id COLLATE "C" DESC
                """
            )
            var summaries: [SessionSummary] = []
            for row in rows {
                let session = try R.session(row)
                let cells = row.makeRandomAccess()
                if summaries.last?.session.id != session.id {
                    let messageAt = try cells[9].decode(Double?.self).map(R.date) ?? .distantPast
                    summaries.append(
                        SessionSummary(
                            session: session,
                            taskCounts: [:],
                            lastActivityAt: max(session.updatedAt, messageAt)
                        )
                    )
                }
                guard let statusText = try cells[6].decode(String?.self) else { continue }
                guard let status = TaskStatus(rawValue: statusText) else {
                    throw AI2AIError(.storage, "A task of session \(session.id) has an unknown status '\(statusText)'")
                }
                summaries[summaries.count - 1].taskCounts[status] = try cells[7].decode(Int.self)
                if let updated = try cells[8].decode(Double?.self).map(R.date) {
                    let last = summaries[summaries.count - 1].lastActivityAt
                    summaries[summaries.count - 1].lastActivityAt = max(last, updated)
                }
            }
            return summaries
        }
    }

    public func cancelTasks(_ scope: CancellationScope, reason: String) async throws -> CancellationResult {
        let now = clock.now
        return try await write { sql in
            let targets: [AgentTask]
            let open = "status IN ('pending', 'in_progress', 'waiting')"
            switch scope {
            case .session(let id):
                _ = try await Self.session(sql, id)
                targets = try await sql.rows(
                    """
                    SELECT \(unescaped: R.taskColumns) FROM task WHERE session_id = \(id.rawValue) AND \(unescaped: open)
                    ORDER BY created_at, seq FOR UPDATE
                    """,
                    R.task
                )
            case .task(let id):
                guard try await sql.value(String.self, "SELECT id FROM task WHERE id = \(id.rawValue)") != nil else {
                    throw AI2AIError.notFound("Task", id)
                }
                targets = try await sql.rows(
                    """
                    SELECT \(unescaped: R.taskColumns) FROM task WHERE id IN (
                        WITH RECURSIVE tree(id) AS (
                            SELECT \(id.rawValue)::TEXT
                            UNION ALL SELECT task.id FROM task JOIN tree ON task.parent_task_id = tree.id
                        ) SELECT id FROM tree)
                    AND \(unescaped: open) ORDER BY created_at, seq FOR UPDATE
                    """,
                    R.task
                )
            }
            var cancelled: [CancelledTask] = []
            var resumed: AgentTask?
            // Children before parents, so that a parent is never resumed by a child cancelled with it.
            for task in targets.sorted(by: { $0.depth > $1.depth }) {
                let result = try await PostgresLifecycle.run(sql) { reads in
                    try TaskLifecycle.finishing(reads.task(task.id), .cancelled(reason), reads: reads, now: now)
                }.result
                if let parent = result.resumedParent { resumed = parent }
                cancelled.append(
                    CancelledTask(task: result.task, previousStatus: task.status, previousLeaseOwner: task.leaseOwner)
                )
            }
            if let parent = resumed {
                let status = try await sql.value(
                    String.self,
                    "SELECT status FROM task WHERE id = \(parent.id.rawValue)"
                )
                if status != TaskStatus.pending.rawValue { resumed = nil }
            }
            if case .session(let id) = scope, !cancelled.isEmpty {
                try await PostgresLifecycle.apply(sql, [.appendEvent(id, .sessionCancelled, at: now)])
            }
            let order = Dictionary(uniqueKeysWithValues: targets.enumerated().map { ($0.element.id, $0.offset) })
            cancelled.sort { (order[$0.task.id] ?? 0) < (order[$1.task.id] ?? 0) }
            return CancellationResult(cancelled: cancelled, resumedParent: resumed)
        }
    }

    /// Deletes finished sessions as ``AgentStore/deleteFinishedSessions(lastActiveBefore:limit:)``
    /// says. PostgreSQL's autovacuum makes the space of the deleted rows reusable; the database's
    /// files do not shrink (a `VACUUM FULL` does that, under an exclusive lock).
    public func deleteFinishedSessions(lastActiveBefore date: Date, limit: Int) async throws -> [SessionID] {
        let cutoff = R.time(date)
        return try await write { sql in
            let ids = try await sql.writeReturning(
                """
                DELETE FROM session WHERE id IN (
                    SELECT s.id FROM session s
                    WHERE s.created_at < \(cutoff) AND s.updated_at < \(cutoff)
                    AND NOT EXISTS (SELECT 1 FROM task t WHERE t.session_id = s.id
                        AND t.status IN ('pending', 'in_progress', 'waiting'))
                    AND COALESCE((SELECT MAX(t.updated_at) FROM task t WHERE t.session_id = s.id), 0) < \(cutoff)
                    AND COALESCE((SELECT MAX(m.created_at) FROM session_message m WHERE m.session_id = s.id), 0)
                        < \(cutoff)
                    ORDER BY s.created_at, s.id COLLATE "C" LIMIT \(max(0, limit))
                    FOR UPDATE OF s SKIP LOCKED)
                RETURNING id, created_at
                """
            )
            let deleted = try ids.map { row in
                var cells = PostgresCells(row)
                return (id: try cells.next(String.self), createdAt: try cells.next(Double.self))
            }
            return deleted.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }.map { SessionID($0.id) }
        }
    }

    // MARK: Event log

    public func events(of session: SessionID, after sequence: UInt64, limit: Int) async throws -> [SessionEvent] {
        guard limit > 0 else { return [] }
        let after = Int64(clamping: sequence)
        return try await read { sql in
            let rows = try await sql.rows(
                """
                SELECT seq, payload FROM session_event WHERE session_id = \(session.rawValue) AND seq > \(after)
                ORDER BY seq LIMIT \(limit)
                """
            )
            return try rows.map { row in
                var cells = PostgresCells(row)
                let seq = try cells.next(Int64.self)
                let payload = try cells.next(Data.self)
                do {
                    return try JSONDecoder.shared.decode(SessionEvent.self, from: payload)
                } catch {
                    throw AI2AIError(.storage, "Event \(seq) of session \(session) is unreadable: \(error)")
                }
            }
        }
    }

    public func appendEvents(_ kinds: [SessionEvent.Kind], to session: SessionID) async throws -> [SessionEvent] {
        let stored = kinds.filter(\.isStored)
        guard !stored.isEmpty else { return [] }
        let clock = clock
        return try await write { sql in
            let now = clock.now
            return try await PostgresLifecycle.apply(sql, stored.map { .appendEvent(session, $0, at: now) })
        }
    }

    /// The sessions with events after `position`, by the events' store-wide `id`. Transactions
    /// store their events last, under an advisory lock held until they commit, so `id`s follow the
    /// order of commits and no event is passed over.
    public func eventLogChanges(after position: Int64?) async throws -> EventLogChanges {
        try await read { sql in
            let last = try await sql.value(Int64.self, "SELECT MAX(id) FROM session_event") ?? 0
            guard let position, position < last else { return EventLogChanges(sessions: [], position: last) }
            let sessions = try await sql.rows(
                "SELECT DISTINCT session_id FROM session_event WHERE id > \(position) AND id <= \(last)",
                { row in SessionID(try row.makeRandomAccess()[0].decode(String.self)) }
            )
            return EventLogChanges(sessions: Set(sessions), position: last)
        }
    }
}
