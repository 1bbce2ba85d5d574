//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// Where a session stands for someone deciding what to do next, as `ai2ai sessions` shows it.
///
/// The library's `SessionStatus` says whether tasks are open; this also says whether a process is
/// working them: a session with open tasks is `running` while one of its tasks is in progress
/// under a lease that has not expired, and `needs resume` otherwise (stopped by Ctrl-C, a crash or
/// a timeout; `ai2ai resume` continues it). A process that crashed leaves its lease for up to
/// 30 s, during which its session still shows as running.
enum SessionState: String, Sendable, CaseIterable {
    /// No task yet.
    case empty
    /// A process is working the session's tasks.
    case running
    /// Tasks are open, but no process is working them.
    case needsResume = "needs_resume"
    /// Every task completed.
    case finished
    /// No task is open and one failed.
    case failed
    /// No task is open and one was cancelled.
    case cancelled

    /// The state in words, as the text listing shows it ("needs resume").
    var label: String { self == .needsResume ? "needs resume" : rawValue }

    /// The state of a listed session; reads its tasks only when some are in progress (to see
    /// whether their leases are live).
    static func of(_ summary: SessionSummary, orchestrator: Orchestrator, now: Date) async throws -> SessionState {
        switch summary.status {
        case .idle: return .empty
        case .completed: return .finished
        case .failed: return .failed
        case .cancelled: return .cancelled
        case .active:
            guard summary.taskCounts[.inProgress, default: 0] > 0 else { return .needsResume }
            let tasks = try await orchestrator.tasks(in: summary.id)
            return isWorked(tasks, now: now) ? .running : .needsResume
        }
    }

    /// Whether some process works these tasks now: one is in progress under a live lease.
    static func isWorked(_ tasks: [AgentTask], now: Date) -> Bool {
        tasks.contains { task in
            guard task.status == .inProgress, let expiry = task.leaseExpiresAt else { return false }
            return expiry > now
        }
    }

    /// The session's agents with `isActive` telling whether a process works the session now (an
    /// agent that is not stopped, in a session with a task under a live lease), as the server's
    /// `is_active` does, rather than the stored flag, which stays set after a run ends.
    static func activeAgents(_ agents: [Agent], tasks: [AgentTask], now: Date) -> [Agent] {
        let worked = isWorked(tasks, now: now)
        return agents.map { agent in
            var agent = agent
            agent.isActive = agent.isActive && worked
            return agent
        }
    }
}
