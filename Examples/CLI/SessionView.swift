//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// What the CLI knows about a session while it runs, built from its events and the store.
struct SessionSnapshot: Sendable {
    struct Row: Sendable {
        var task: AgentTask
        var startedAt: Date?
        var endedAt: Date?
        var streamed = ""
        /// The last retry of the task's model call, while the next attempt has not streamed yet.
        var retry: String?
        var usage = UsageTotals()
    }

    var agentNames: [AgentID: String] = [:]
    var rows: [TaskID: Row] = [:]
    var order: [TaskID] = []

    init(agents: [Agent], tasks: [AgentTask]) {
        for agent in agents { agentNames[agent.id] = agent.name }
        for task in tasks { upsert(task) }
    }

    func name(of agent: AgentID) -> String { agentNames[agent] ?? agent.rawValue }

    mutating func upsert(_ task: AgentTask) {
        if rows[task.id] == nil {
            order.append(task.id)
            rows[task.id] = Row(task: task)
        }
        rows[task.id]?.task = task
        // The store stamps `updated_at` when it claims or finishes a task.
        if task.status == .inProgress, rows[task.id]?.startedAt == nil { rows[task.id]?.startedAt = task.updatedAt }
        if task.status.isTerminal, rows[task.id]?.endedAt == nil {
            rows[task.id]?.endedAt = task.completedAt ?? task.updatedAt
        }
    }

    /// Applies an event; returns the task it concerns, if any.
    @discardableResult
    mutating func apply(_ event: SessionEvent) -> TaskID? {
        switch event.kind {
        case .taskCreated(let task), .taskCompleted(let task), .taskFailed(let task):
            upsert(task)
            return task.id
        case .taskDelegated(_, let child):
            upsert(child)
            return child.id
        case .taskStatusChanged(let id, _, let to):
            guard var task = rows[id]?.task else { return id }
            task.status = to
            if to == .inProgress {
                rows[id]?.streamed = ""
                rows[id]?.retry = nil
            }
            upsert(task)
            return id
        case .modelRetry(let id, _, let attempt, let wait, let reason):
            // The failed attempt's text is not part of the answer.
            rows[id]?.streamed = ""
            rows[id]?.retry = Format.retry(attempt: attempt, wait: wait, reason: reason)
            return id
        case .modelTextDelta(let id, _, let text):
            guard var row = rows[id] else { return id }
            row.retry = nil
            row.streamed += text
            if row.streamed.count > 4000 { row.streamed = String(row.streamed.suffix(2000)) }
            rows[id] = row
            return id
        case .turnCommitted(let id, _, _, let text, _):
            // The turn's whole answer: what its deltas streamed (and what a replay shows).
            rows[id]?.retry = nil
            rows[id]?.streamed = text.count > 4000 ? String(text.suffix(2000)) : text
            return id
        case .update(let update): return update.taskID
        case .context(let entry): return entry.taskID
        case .agentStarted, .agentStopped, .sessionCancelled, .sessionDeleted: return nil
        }
    }

    /// Tasks in tree order (each task followed by its subtasks), with their depth.
    var tree: [(row: Row, level: Int)] {
        var children: [TaskID: [TaskID]] = [:]
        var roots: [TaskID] = []
        for id in order {
            guard let task = rows[id]?.task else { continue }
            if let parent = task.parentTaskID, rows[parent] != nil {
                children[parent, default: []].append(id)
            } else {
                roots.append(id)
            }
        }
        var result: [(row: Row, level: Int)] = []
        func visit(_ id: TaskID, _ level: Int) {
            guard let row = rows[id] else { return }
            result.append((row, level))
            for child in children[id] ?? [] { visit(child, level + 1) }
        }
        for root in roots { visit(root, 0) }
        return result
    }
}

enum Format {
    static func elapsed(_ seconds: TimeInterval) -> String {
        seconds < 60
            ? String(format: "%.1fs", seconds) : String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
    }

    static func clock(_ date: Date) -> String {
        let components = Calendar(identifier: .gregorian).dateComponents(in: .current, from: date)
        return String(
            format: "%02d:%02d:%02d.%03d",
            components.hour ?? 0,
            components.minute ?? 0,
            components.second ?? 0,
            (components.nanosecond ?? 0) / 1_000_000
        )
    }

    static func symbol(_ status: TaskStatus) -> String {
        switch status {
        case .pending: "○"
        case .inProgress: "◐"
        case .waiting: "◷"
        case .completed: "✔"
        case .failed: "✘"
        case .cancelled: "⊘"
        }
    }

    /// "model call failed (attempt 2), retrying in 1.5s: openai rate_limited (HTTP 429): slow down"
    static func retry(attempt: Int, wait: Duration, reason: String) -> String {
        let (seconds, attoseconds) = wait.components
        let waited = elapsed(TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18)
        return "model call failed (attempt \(attempt)), retrying in \(waited): \(reason.singleLine(width: 160))"
    }

    static func tokens(_ usage: UsageTotals) -> String {
        usage.calls == 0 ? "" : " · \(usage.inputTokens)→\(usage.outputTokens) tok"
    }
}
