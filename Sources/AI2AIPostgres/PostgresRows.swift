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

/// A task row with the columns the life cycle reads beside the task.
struct TaskRow: Sendable {
    var task: AgentTask
    var progress: ClaimProgress
    var processStops: Int
}

/// Conversions between rows and domain values. Each `…Columns` lists the columns that the matching
/// conversion reads, in its order. Times are seconds since 1970, as in SQLite.
enum PostgresRows {
    static func time(_ date: Date) -> Double { date.timeIntervalSince1970 }
    static func date(_ value: Double) -> Date { Date(timeIntervalSince1970: value) }

    static let sessionColumns = "id, title, system_prompt, tags, created_at, updated_at"

    static func session(_ row: PostgresRow) throws -> Session {
        var cells = PostgresCells(row)
        let id = try cells.next(String.self)
        let title = try cells.next(String?.self)
        let systemPrompt = try cells.next(String?.self)
        let tagsText = try cells.next(String.self)
        let tags = (try? JSONDecoder().decode([String].self, from: Data(tagsText.utf8))) ?? []
        return Session(
            id: SessionID(id),
            title: title,
            systemPrompt: systemPrompt,
            tags: tags,
            createdAt: date(try cells.next()),
            updatedAt: date(try cells.next())
        )
    }

    static let agentColumns =
        "id, session_id, idx, name, role, model, action_format, is_active, provider, max_running, created_at"

    static func agent(_ row: PostgresRow) throws -> Agent {
        var cells = PostgresCells(row)
        return Agent(
            id: AgentID(try cells.next(String.self)),
            sessionID: SessionID(try cells.next(String.self)),
            index: try cells.next(),
            name: try cells.next(),
            role: try cells.next(),
            model: try cells.next(),
            actionFormat: Agent.ActionFormat(rawValue: try cells.next(String.self)) ?? .toolCalls,
            isActive: try cells.next(),
            provider: try cells.next(String.self),
            maxRunning: try cells.next(),
            createdAt: date(try cells.next())
        )
    }

    static let taskColumns = """
        id, session_id, title, description, status, created_by, assigned_to, parent_task_id, depth, result, error,
        created_at, updated_at, completed_at, attempt, lease_owner, lease_expires_at, claim_progress, process_stops
        """

    static func task(_ row: PostgresRow) throws -> AgentTask { try taskRow(row).task }

    static func taskRow(_ row: PostgresRow) throws -> TaskRow {
        var cells = PostgresCells(row)
        let id = try cells.next(String.self)
        let sessionID = try cells.next(String.self)
        let title = try cells.next(String.self)
        let description = try cells.next(String.self)
        let statusText = try cells.next(String.self)
        guard let status = TaskStatus(rawValue: statusText) else {
            throw AI2AIError(.storage, "Task \(id) has an unknown status '\(statusText)'")
        }
        let task = AgentTask(
            id: TaskID(id),
            sessionID: SessionID(sessionID),
            title: title,
            description: description,
            status: status,
            createdBy: try cells.next(),
            assignedTo: AgentID(try cells.next(String.self)),
            parentTaskID: try cells.next(String?.self).map(TaskID.init),
            depth: try cells.next(),
            result: try cells.next(),
            error: try cells.next(),
            createdAt: date(try cells.next()),
            updatedAt: date(try cells.next()),
            completedAt: try cells.next(Double?.self).map(date),
            attempt: try cells.next(),
            leaseOwner: try cells.next(),
            leaseExpiresAt: try cells.next(Double?.self).map(date)
        )
        let progress = ClaimProgress(rawValue: try cells.next(Int.self)) ?? .claimed
        return TaskRow(task: task, progress: progress, processStops: try cells.next())
    }

    static let contextColumns = "task_id, key, value, updated_at"

    static func contextEntry(_ row: PostgresRow) throws -> ContextEntry {
        var cells = PostgresCells(row)
        return ContextEntry(
            taskID: TaskID(try cells.next(String.self)),
            key: try cells.next(),
            value: try cells.next(),
            updatedAt: date(try cells.next())
        )
    }

    static let updateColumns = "id, task_id, session_id, kind, author, content, created_at"

    static func update(_ row: PostgresRow) throws -> TaskUpdate {
        var cells = PostgresCells(row)
        return TaskUpdate(
            id: try cells.next(),
            taskID: TaskID(try cells.next(String.self)),
            sessionID: SessionID(try cells.next(String.self)),
            kind: TaskUpdate.Kind(rawValue: try cells.next(String.self)) ?? .system,
            author: try cells.next(),
            content: try cells.next(),
            createdAt: date(try cells.next())
        )
    }

    static let messageColumns = "id, session_id, role, content, created_at"

    static func message(_ row: PostgresRow) throws -> SessionMessage {
        var cells = PostgresCells(row)
        return SessionMessage(
            id: try cells.next(),
            sessionID: SessionID(try cells.next(String.self)),
            role: try cells.next(),
            content: try cells.next(),
            createdAt: date(try cells.next())
        )
    }

    static let turnColumns = "task_id, idx, payload, created_at"

    static func turn(_ row: PostgresRow) throws -> TurnRecord {
        var cells = PostgresCells(row)
        return TurnRecord(
            taskID: TaskID(try cells.next(String.self)),
            index: try cells.next(),
            payload: try cells.next(Data.self),
            createdAt: date(try cells.next())
        )
    }

    static func tagsJSON(_ tags: [String]) -> String {
        guard let data = try? JSONEncoder().encode(tags) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
