//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Metrics

/// The orchestrator's counters (swift-metrics).
struct OrchestratorMetrics: Sendable {
    /// Counts model turns stored.
    let turns = Counter(label: "ai2ai_agent_turns_total")
    /// Counts tasks that completed.
    let completed = Counter(label: "ai2ai_tasks_finished_total", dimensions: [("outcome", "completed")])
    /// Counts tasks that failed.
    let failed = Counter(label: "ai2ai_tasks_finished_total", dimensions: [("outcome", "failed")])
    /// Counts model calls retried by the orchestrator.
    let retries = Counter(label: "ai2ai_model_call_retries_total")

    /// Counts a stored model turn.
    func countTurn() { turns.increment() }

    /// Counts a model call the orchestrator retries.
    func countRetry() { retries.increment() }

    /// Counts a task that reached a terminal status.
    func count(_ status: TaskStatus) {
        switch status {
        case .completed: completed.increment()
        case .failed, .cancelled: failed.increment()
        case .pending, .inProgress, .waiting: break
        }
    }
}
