//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// A session as one JSON object: what `ai2ai run --json` and `ai2ai resume --json` print.
struct SessionReport: Encodable {
    var session: Session
    var database: String
    var agents: [Agent]
    var tasks: [AgentTask]
    var responses: [Response]
    var usage: UsageTotals
    var completed: Bool

    /// A completed task with the agent that did it (the shape of the server's responses).
    struct Response: Encodable {
        var taskID: TaskID
        var title: String
        var result: String
        var completedAt: Date?
        var agent: String

        enum CodingKeys: String, CodingKey {
            case title, result, agent
            case taskID = "task_id"
            case completedAt = "completed_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case session, database, agents, tasks, responses, usage, completed
    }

    static func make(_ id: SessionID, store: any AgentStore, databaseLabel: String) async throws -> SessionReport {
        let session = try await store.session(id)
        let tasks = try await store.tasks(.session(id))
        // Whether a process works the session now, not the stored flag (still set after the run).
        let agents = SessionState.activeAgents(try await store.agents(in: id), tasks: tasks, now: Date())
        let names = Dictionary(uniqueKeysWithValues: agents.map { ($0.id, $0.name) })
        let responses = tasks.filter { $0.status == .completed }
            .sorted { ($0.completedAt ?? $0.updatedAt) > ($1.completedAt ?? $1.updatedAt) }
            .map {
                Response(
                    taskID: $0.id,
                    title: $0.title,
                    result: $0.result ?? "",
                    completedAt: $0.completedAt,
                    agent: names[$0.assignedTo] ?? ""
                )
            }
        let roots = tasks.filter { $0.parentTaskID == nil }
        return SessionReport(
            session: session,
            database: databaseLabel,
            agents: agents,
            tasks: tasks,
            responses: responses,
            usage: try await store.usage(.session(id)),
            completed: !roots.isEmpty && roots.allSatisfy { $0.status == .completed }
        )
    }

    /// The report as indented JSON.
    func jsonText() throws -> String {
        try JSONText.pretty(self)
    }

    /// Prints the results of the session's root tasks and a summary line.
    static func printResults(_ id: SessionID, store: any AgentStore) async throws {
        let agents = try await store.agents(in: id)
        let tasks = try await store.tasks(.session(id))
        let usage = try await store.usage(.session(id))
        let names = Dictionary(uniqueKeysWithValues: agents.map { ($0.id, $0.name) })
        var text = "\n"
        for root in tasks where root.parentTaskID == nil {
            text += "── \(names[root.assignedTo] ?? "?") · \(root.status.rawValue) ──\n"
            switch root.status {
            case .completed: text += (root.result ?? "") + "\n\n"
            case .failed, .cancelled: text += "Error: \(root.error ?? "unknown")\n\n"
            default: text += "(not finished)\n\n"
            }
        }
        let counts = Dictionary(grouping: tasks, by: \.status).mapValues(\.count)
        text += "Session \(id): \(Plural.count(tasks.count, "task"))"
        for status in TaskStatus.allCases { if let count = counts[status] { text += ", \(count) \(status.rawValue)" } }
        text +=
            "; \(usage.inputTokens) tokens in, \(usage.outputTokens) out over \(Plural.count(usage.calls, "model call")).\n"
        Terminal.standardOutput.write(text)
    }
}
