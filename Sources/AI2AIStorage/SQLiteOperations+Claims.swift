//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import GRDB

extension SQLiteOperations {
    /// The ready agent a claim takes a task of: an agent with a pending task that the request admits
    /// (active, provider in the set, session in scope, fewer tasks in progress than `max_running`),
    /// in claim order (``ClaimRules/Key``). Arguments: the providers and the scope's sessions as JSON
    /// arrays (the sessions twice, `NULL` for every session).
    static let readyAgentSQL = """
        SELECT a.id FROM (
            SELECT assigned_to, MIN(created_at) AS oldest FROM task
            WHERE status = 'pending' GROUP BY assigned_to
        ) AS p
        JOIN agent a ON a.id = p.assigned_to
        JOIN session s ON s.id = a.session_id
        WHERE a.is_active = 1
        AND a.provider IN (SELECT value FROM json_each(?))
        AND (? IS NULL OR a.session_id IN (SELECT value FROM json_each(?)))
        AND (SELECT COUNT(*) FROM task r WHERE r.assigned_to = a.id AND r.status = 'in_progress') < a.max_running
        ORDER BY
            (SELECT COUNT(*) FROM task r WHERE r.session_id = a.session_id AND r.status = 'in_progress'),
            s.last_claim, p.oldest, a.rowid
        LIMIT 1
        """

    /// Whether an agent has fewer tasks in progress than its `max_running`.
    static let agentAdmittedSQL = """
        SELECT (SELECT COUNT(*) FROM task r WHERE r.assigned_to = a.id AND r.status = 'in_progress')
            < a.max_running FROM agent a WHERE a.id = ?
        """

    /// An agent's oldest pending task.
    static let oldestPendingSQL = """
        SELECT * FROM task WHERE assigned_to = ? AND status = 'pending' ORDER BY created_at, rowid LIMIT 1
        """

    /// Gives a session the next claim number.
    static let sessionClaimSQL = """
        UPDATE session SET last_claim = (SELECT COALESCE(MAX(last_claim), 0) + 1 FROM session) WHERE id = ?
        """

    /// Every statement a claim runs before reading the claimed task's turn inputs.
    static let claimStatements = [readyAgentSQL, agentAdmittedSQL, oldestPendingSQL, sessionClaimSQL]

    /// The next ready task a claim may take, by ``ClaimRules``: the ready agents (those with a
    /// pending task) that the request admits, counted in this transaction, in claim order; then
    /// that agent's oldest pending task.
    ///
    /// The ready agents come from the pending entries of index `task_status_assignee`, so the cost
    /// follows the number of pending tasks, not the number of stored sessions or tasks.
    static func nextReady(_ db: Database, for request: ClaimRequest) throws -> AgentTask? {
        guard !request.providers.isEmpty else { return nil }
        let sessions: String?
        switch request.scope {
        case .allSessions: sessions = nil
        case .sessions(let ids):
            guard !ids.isEmpty else { return nil }
            sessions = jsonArray(ids.map(\.rawValue))
        }
        guard
            let agentID = try String.fetchOne(
                db.cachedStatement(
                    sql: readyAgentSQL
                ),
                arguments: [jsonArray(request.providers.sorted()), sessions, sessions]
            )
        else { return nil }
        return try oldestPending(db, of: AgentID(agentID))
    }

    /// The oldest pending task of an agent, when the per-agent claim may take it.
    static func nextReady(_ db: Database, for agent: AgentID) throws -> AgentTask? {
        let admitted = try Bool.fetchOne(
            db,
            cached: agentAdmittedSQL,
            arguments: [agent.rawValue]
        )
        guard admitted == true else { return nil }
        return try oldestPending(db, of: agent)
    }

    static func oldestPending(_ db: Database, of agent: AgentID) throws -> AgentTask? {
        try Row.fetchOne(
            db,
            cached: oldestPendingSQL,
            arguments: [agent.rawValue],
            as: R.task
        )
    }

    /// Whether the agent has a pending task.
    static func hasPending(_ db: Database, agent: AgentID) throws -> Bool {
        try Bool.fetchOne(
            db,
            cached: "SELECT EXISTS(SELECT 1 FROM task WHERE assigned_to = ? AND status = 'pending')",
            arguments: [agent.rawValue]
        ) == true
    }

    /// A claimed task with everything its next turn is built from.
    static func claimedTask(_ db: Database, _ task: AgentTask) throws -> ClaimedTask {
        ClaimedTask(
            task: task,
            agent: try agent(db, task.assignedTo),
            session: try session(db, task.sessionID),
            roster: try Row.fetchAll(
                db,
                cached: "SELECT * FROM agent WHERE session_id = ? ORDER BY idx",
                arguments: [task.sessionID.rawValue],
                as: R.agent
            ),
            parent: try task.parentTaskID.map { try self.task(db, $0) },
            context: try Row.fetchAll(
                db,
                cached: "SELECT * FROM context_entry WHERE task_id = ? ORDER BY key",
                arguments: [task.id.rawValue],
                as: R.contextEntry
            ),
            updates: try Row.fetchAll(
                db,
                cached: "SELECT * FROM task_update WHERE task_id = ? ORDER BY seq",
                arguments: [task.id.rawValue],
                as: R.update
            ),
            turns: try Row.fetchAll(
                db,
                cached: "SELECT * FROM task_turn WHERE task_id = ? ORDER BY idx",
                arguments: [task.id.rawValue],
                as: R.turn
            ),
            children: try Row.fetchAll(
                db,
                cached: "SELECT * FROM task WHERE parent_task_id = ? ORDER BY created_at, rowid",
                arguments: [task.id.rawValue],
                as: R.task
            )
        )
    }

    /// Writes every mutable column of a task row; with `progress`, its claim progress too.
    static func update(_ db: Database, _ task: AgentTask, progress: ClaimProgress? = nil) throws {
        try db.execute(
            cached: """
                UPDATE task SET status = ?, result = ?, error = ?, updated_at = ?, completed_at = ?, attempt = ?,
                lease_owner = ?, lease_expires_at = ?, claim_progress = COALESCE(?, claim_progress) WHERE id = ?
                """,
            arguments: [
                task.status.rawValue, task.result, task.error, R.time(task.updatedAt), task.completedAt.map(R.time),
                task.attempt, task.leaseOwner, task.leaseExpiresAt.map(R.time), progress?.rawValue,
                task.id.rawValue,
            ]
        )
    }

    static func jsonArray(_ values: [String]) -> String {
        guard let data = try? JSONEncoder().encode(values) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
