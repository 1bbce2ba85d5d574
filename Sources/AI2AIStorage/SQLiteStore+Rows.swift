//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import GRDB

/// Conversions between domain values and rows. Times are stored as seconds since 1970 (REAL).
enum SQLiteRows {
    static func time(_ date: Date) -> Double { date.timeIntervalSince1970 }
    static func date(_ value: Double) -> Date { Date(timeIntervalSince1970: value) }
    static func optionalDate(_ value: Double?) -> Date? { value.map { Date(timeIntervalSince1970: $0) } }

    static func session(_ row: Row) throws -> Session {
        let tagsText: String = row["tags"]
        let tags = (try? JSONDecoder().decode([String].self, from: Data(tagsText.utf8))) ?? []
        return Session(
            id: SessionID(row["id"] as String),
            title: row["title"],
            systemPrompt: row["system_prompt"],
            tags: tags,
            createdAt: date(row["created_at"] as Double),
            updatedAt: date(row["updated_at"] as Double)
        )
    }

    static func agent(_ row: Row) -> Agent {
        Agent(
            id: AgentID(row["id"] as String),
            sessionID: SessionID(row["session_id"] as String),
            index: row["idx"],
            name: row["name"],
            role: row["role"],
            model: row["model"],
            actionFormat: Agent.ActionFormat(rawValue: row["action_format"]) ?? .toolCalls,
            isActive: row["is_active"],
            provider: row["provider"] as String,
            maxRunning: row["max_running"],
            createdAt: date(row["created_at"] as Double)
        )
    }

    static func task(_ row: Row) throws -> AgentTask {
        let statusText: String = row["status"]
        guard let status = TaskStatus(rawValue: statusText) else {
            throw AI2AIError(.storage, "Task \(row["id"] as String) has an unknown status '\(statusText)'")
        }
        return AgentTask(
            id: TaskID(row["id"] as String),
            sessionID: SessionID(row["session_id"] as String),
            title: row["title"],
            description: row["description"],
            status: status,
            createdBy: row["created_by"],
            assignedTo: AgentID(row["assigned_to"] as String),
            parentTaskID: (row["parent_task_id"] as String?).map(TaskID.init),
            depth: row["depth"],
            result: row["result"],
            error: row["error"],
            createdAt: date(row["created_at"] as Double),
            updatedAt: date(row["updated_at"] as Double),
            completedAt: optionalDate(row["completed_at"] as Double?),
            attempt: row["attempt"],
            leaseOwner: row["lease_owner"],
            leaseExpiresAt: optionalDate(row["lease_expires_at"] as Double?)
        )
    }

    static func contextEntry(_ row: Row) -> ContextEntry {
        ContextEntry(
            taskID: TaskID(row["task_id"] as String),
            key: row["key"],
            value: row["value"],
            updatedAt: date(row["updated_at"] as Double)
        )
    }

    static func update(_ row: Row) -> TaskUpdate {
        TaskUpdate(
            id: row["id"],
            taskID: TaskID(row["task_id"] as String),
            sessionID: SessionID(row["session_id"] as String),
            kind: TaskUpdate.Kind(rawValue: row["kind"]) ?? .system,
            author: row["author"],
            content: row["content"],
            createdAt: date(row["created_at"] as Double)
        )
    }

    static func message(_ row: Row) -> SessionMessage {
        SessionMessage(
            id: row["id"],
            sessionID: SessionID(row["session_id"] as String),
            role: row["role"],
            content: row["content"],
            createdAt: date(row["created_at"] as Double)
        )
    }

    static func turn(_ row: Row) -> TurnRecord {
        TurnRecord(
            taskID: TaskID(row["task_id"] as String),
            index: row["idx"],
            payload: row["payload"],
            createdAt: date(row["created_at"] as Double)
        )
    }

    static func tagsJSON(_ tags: [String]) -> String {
        guard let data = try? JSONEncoder().encode(tags) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
