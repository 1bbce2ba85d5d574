//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation
import Logging

/// Runs an orchestrator over a fresh store for the length of a benchmark run.
enum OrchestrationHarness {
    /// The store a run uses.
    enum StoreKind: String, CaseIterable, Sendable {
        case sqlite = "SQLite (WAL file)"
        case memory = "InMemory"
    }

    /// Creates a fresh store, runs an orchestrator with an ``InstantModel`` over it, and calls
    /// `body` once the orchestrator's loop accepts agents. The store's files are removed afterwards.
    static func withOrchestrator<T: Sendable>(
        _ kind: StoreKind,
        steps: StepCounter,
        _ body: @Sendable (Orchestrator) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ai2ai-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store: any AgentStore =
            switch kind {
            case .sqlite: try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
            case .memory: InMemoryStore()
            }
        return try await withOrchestrator(store: store, steps: steps, body)
    }

    /// Runs an orchestrator over `store` while `body` runs.
    static func withOrchestrator<T: Sendable>(
        store: any AgentStore,
        steps: StepCounter,
        _ body: @Sendable (Orchestrator) async throws -> T
    ) async throws -> T {
        var models = ModelRegistry(defaultProvider: "instant", defaultModel: InstantModel.worker)
        models.register("instant", InstantModel(steps: steps))
        var configuration = Orchestrator.Configuration(resumesActiveAgents: false)
        configuration.limits.maxSubtasksPerTask = 64
        var logger = Logger(label: "ai2ai-bench")
        logger.logLevel = .warning
        let orchestrator = Orchestrator(store: store, models: models, configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await orchestrator.run() }
            defer { group.cancelAll() }
            try await waitUntilRunning(orchestrator)
            _ = steps.reset()
            return try await body(orchestrator)
        }
    }

    /// Waits until `run()` has started, with a warm-up session of one agent.
    private static func waitUntilRunning(_ orchestrator: Orchestrator) async throws {
        let session = try await orchestrator.createSession(
            SessionSpec(
                title: "warm-up",
                agents: [AgentSpec(name: "warm-up", role: "Warms up", model: InstantModel.worker)]
            )
        )
        for _ in 0..<2000 {
            try await orchestrator.startAgents(in: session.id)
            if orchestrator.isRunning {
                _ = try await runSession(orchestrator, session: session.id)
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw BenchError("The orchestrator did not start")
    }

    /// A session of one coordinator and `workers` workers (no workers: a single agent).
    static func fanOutSpec(workers: Int) -> SessionSpec {
        var agents = [
            AgentSpec(
                name: "coordinator",
                role: "Splits the work",
                model: workers > 0 ? InstantModel.coordinator(workers: workers) : InstantModel.worker
            )
        ]
        for index in 0..<workers {
            agents.append(
                AgentSpec(name: InstantModel.workerName(index), role: "Does a part", model: InstantModel.worker)
            )
        }
        return SessionSpec(title: "bench", agents: agents)
    }

    /// Creates a session, sends it one message for its first agent, and waits for that task.
    /// - Returns: For every task of the session, the seconds from its `taskCreated` event to its
    ///   first `pending → in_progress` event.
    static func runSession(_ orchestrator: Orchestrator, spec: SessionSpec) async throws -> [Double] {
        let session = try await orchestrator.createSession(spec)
        return try await runSession(orchestrator, session: session.id)
    }

    private static func runSession(_ orchestrator: Orchestrator, session: SessionID) async throws -> [Double] {
        let events = orchestrator.events(for: session)
        var iterator = events.makeAsyncIterator()
        return try await runTask(orchestrator, session: session, events: &iterator)
    }

    /// One session of one agent that is sent `tasks` tasks one after another, each once the
    /// previous one completed (the agent is idle, waiting, when its next task arrives).
    /// - Returns: The assignment-to-start latency of each task.
    static func runSingleAgent(_ orchestrator: Orchestrator, tasks: Int) async throws -> [Double] {
        try await runWaves(orchestrator, workers: 0, waves: tasks, warmUp: false)
    }

    /// One session of a coordinator and `workers` workers, reused for `waves` waves: each wave is
    /// one message to the coordinator, which fans out one subtask per worker and completes once
    /// their results are in (`workers + 2` steps), sent when the previous wave completed.
    /// With `warmUp`, a first wave runs before those, and then `beforeMeasuring`.
    /// - Returns: The assignment-to-start latency of each task of the `waves` waves.
    static func runWaves(
        _ orchestrator: Orchestrator,
        workers: Int,
        waves: Int,
        warmUp: Bool = true,
        beforeMeasuring: () -> Void = {}
    ) async throws -> [Double] {
        let session = try await orchestrator.createSession(fanOutSpec(workers: workers))
        let events = orchestrator.events(for: session.id)
        var iterator = events.makeAsyncIterator()
        if warmUp { _ = try await runTask(orchestrator, session: session.id, events: &iterator) }
        beforeMeasuring()
        var latencies: [Double] = []
        for _ in 0..<waves {
            latencies += try await runTask(orchestrator, session: session.id, events: &iterator)
        }
        return latencies
    }

    /// Sends one message to a session's first agent and reads its events until that task completed.
    private static func runTask(
        _ orchestrator: Orchestrator,
        session: SessionID,
        events: inout AsyncStream<SessionEvent>.Iterator
    ) async throws -> [Double] {
        let root = try await orchestrator.send("Benchmark task", to: session, targets: [0])[0].id
        var created: [TaskID: Date] = [:]
        var latencies: [Double] = []
        while let event = await events.next(isolation: #isolation) {
            switch event.kind {
            case .taskCreated(let task):
                created[task.id] = event.timestamp
            case .taskStatusChanged(let id, .pending, .inProgress):
                if let start = created.removeValue(forKey: id) {
                    latencies.append(event.timestamp.timeIntervalSince(start))
                }
            case .taskCompleted(let task) where task.id == root:
                return latencies
            case .taskFailed(let task) where task.id == root:
                throw BenchError("The benchmark task failed: \(task.error ?? "no reason")")
            default:
                continue
            }
        }
        throw BenchError("The session's event stream ended early")
    }
}
