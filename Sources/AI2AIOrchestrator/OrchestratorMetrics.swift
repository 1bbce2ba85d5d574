//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Metrics
import Synchronization

/// The orchestrator's metrics, recorded through swift-metrics (nothing is recorded until a
/// program bootstraps a backend). Documentation/Operations.md, "Metrics", lists them.
///
/// A metric's name always comes with the same label names (Prometheus refuses a name whose labels
/// change), so every metric is made here, with its labels in a fixed order.
struct OrchestratorMetrics: Sendable {
    /// Counts model turns stored.
    let turns = Counter(label: "ai2ai_agent_turns_total")
    /// Counts model calls retried by the orchestrator.
    let retries = Counter(label: "ai2ai_model_call_retries_total")
    /// Counts store calls retried because the store was busy.
    let storeRetries = Counter(label: "ai2ai_store_retries_total")
    /// Counts claims that took a task (made once: every claim counts).
    let claimed = Counter(label: "ai2ai_claims_total", dimensions: [("result", "claimed")])
    /// Counts claims that found none.
    let emptyClaims = Counter(label: "ai2ai_claims_total", dimensions: [("result", "empty")])

    /// The tasks this process works now, over all its orchestrators. Recorded under the lock, so
    /// that the gauge never ends on a stale value.
    private static let tasksInProgress = Mutex(0)
    /// The open event subscriptions of this process (SSE streams, `events(for:)` iterations).
    private static let eventSubscribers = Mutex(0)

    /// Counts a task this process starts (`1`) or stops (`-1`) working.
    static func adjustTasksInProgress(by change: Int) {
        tasksInProgress.withLock { count in
            count += change
            Gauge(label: "ai2ai_tasks_in_progress").record(count)
        }
    }

    /// Counts event subscriptions opened (positive) or ended (negative).
    static func adjustEventSubscribers(by change: Int) {
        guard change != 0 else { return }
        eventSubscribers.withLock { count in
            count += change
            Gauge(label: "ai2ai_event_subscribers").record(count)
        }
    }

    /// Counts a stored model turn.
    func countTurn() { turns.increment() }

    /// Counts a model call the orchestrator retries.
    func countRetry() { retries.increment() }

    /// Counts a store call retried because the store was busy.
    func countStoreRetry() { storeRetries.increment() }

    /// Counts a task that reached a terminal status.
    func count(_ status: TaskStatus) {
        guard status.isTerminal else { return }
        Counter(label: "ai2ai_tasks_finished_total", dimensions: [("outcome", status.rawValue)]).increment()
    }

    /// Records one model call, its retries included: how it ended (`ok`, `failed`, `cancelled`),
    /// how long it took, and on success the tokens it used.
    func recordModelCall(provider: String, outcome: String, duration: Duration, usage: Usage?) {
        let dimensions = [("provider", provider), ("outcome", outcome)]
        Counter(label: "ai2ai_model_calls_total", dimensions: dimensions).increment()
        Timer(label: "ai2ai_model_call_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
            .recordNanoseconds(Self.nanoseconds(duration))
        guard let usage else { return }
        Counter(label: "ai2ai_model_tokens_total", dimensions: [("provider", provider), ("kind", "input")])
            .increment(by: max(0, usage.inputTokens ?? 0))
        Counter(label: "ai2ai_model_tokens_total", dimensions: [("provider", provider), ("kind", "output")])
            .increment(by: max(0, usage.outputTokens ?? 0))
    }

    /// Records how many tasks of the store wait for a worker (`pending`).
    func recordPendingTasks(_ count: Int) {
        Gauge(label: "ai2ai_tasks_pending").record(count)
    }

    /// Counts a claim: `claimed` when it took a task, `empty` when it found none.
    func countClaim(found: Bool) {
        (found ? claimed : emptyClaims).increment()
    }

    /// Counts tasks whose lease expired: back to `pending`, or `failed` after too many attempts.
    func countRecoveries(_ tasks: [AgentTask]) {
        for task in tasks {
            let outcome = task.status == .pending ? "requeued" : "failed"
            Counter(label: "ai2ai_lease_recoveries_total", dimensions: [("outcome", outcome)]).increment()
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
