//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// `swift run -c release AI2AIBenchmarks [--tasks N] [--sessions N]`
///
/// 1. Assignment latency: one agent, idle, gets N tasks one after another; for each, the time from
///    the task being stored and announced (`task_created`) to its agent starting it
///    (`pending -> in_progress`), from the events' timestamps.
/// 2. Agent steps per second: N sessions of three agents at once (a lead delegating to two
///    workers), each model turn an agent step, on the same SQLite file.
@main
struct Benchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments
        func value(_ name: String, _ fallback: Int) -> Int {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
            return Int(arguments[index + 1]) ?? fallback
        }
        let taskCount = value("--tasks", 2000)
        let sessionCount = value("--sessions", 200)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ai2ai-bench-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try SQLiteStore(path: path)
        var models = ModelRegistry(defaultProvider: "instant")
        models.register("instant", InstantModel())
        let orchestrator = Orchestrator(store: store, models: models)

        let info = ProcessInfo.processInfo
        print("AI2AI orchestrator benchmark")
        print("machine: \(info.activeProcessorCount) cores, \(info.physicalMemory / 1_048_576) MiB, \(info.operatingSystemVersionString)")
        print("store: SQLiteStore (file, WAL) at \(path)")

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await orchestrator.run() }
            let latencies = try await assignmentLatency(orchestrator, tasks: taskCount)
            report(latencies)
            try await throughput(orchestrator, sessions: sessionCount)
            group.cancelAll()
        }
    }

    static func assignmentLatency(_ orchestrator: Orchestrator, tasks: Int) async throws -> [Double] {
        let session = try await orchestrator.createSession(
            SessionSpec(title: "latency", agents: [AgentSpec(name: "Solo", role: "Worker", model: "instant:solo")])
        )
        let events = orchestrator.events(for: session.id)
        var iterator = events.makeAsyncIterator()
        var samples: [Double] = []
        samples.reserveCapacity(tasks)
        for _ in 0..<(tasks + 50) {
            let task = try await orchestrator.send("Work", to: session.id)[0]
            var created: Date?
            var started: Date?
            while let event = await iterator.next() {
                switch event.kind {
                case .taskCreated(let new) where new.id == task.id: created = event.timestamp
                case .taskStatusChanged(let id, .pending, .inProgress) where id == task.id: started = event.timestamp
                case .taskCompleted(let done) where done.id == task.id: break
                default: continue
                }
                if case .taskCompleted = event.kind { break }
            }
            if let created, let started { samples.append(started.timeIntervalSince(created) * 1000) }
        }
        return Array(samples.dropFirst(50))  // warm-up
    }

    static func report(_ samples: [Double]) {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return }
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        print("assignment -> start latency over \(sorted.count) tasks: "
            + "median \(format(percentile(0.5))) ms, p90 \(format(percentile(0.9))) ms, "
            + "p99 \(format(percentile(0.99))) ms, max \(format(sorted[sorted.count - 1])) ms")
    }

    static func throughput(_ orchestrator: Orchestrator, sessions: Int) async throws {
        var ids: [SessionID] = []
        for number in 0..<sessions {
            let session = try await orchestrator.createSession(
                SessionSpec(
                    title: "throughput \(number)",
                    agents: [
                        AgentSpec(name: "Lead", role: "Lead", model: "instant:lead"),
                        AgentSpec(name: "Left", role: "Worker", model: "instant:left"),
                        AgentSpec(name: "Right", role: "Worker", model: "instant:right"),
                    ]
                )
            )
            ids.append(session.id)
        }
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in ids {
                group.addTask {
                    _ = try await orchestrator.send("Go", to: id, targets: [0])
                    let roots = try await orchestrator.waitUntilSettled(session: id, timeout: .seconds(600))
                    guard roots.allSatisfy({ $0.status == .completed }) else {
                        throw AI2AIError(.invalidArgument, "session \(id) did not complete")
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = (clock.now - start).timeInterval
        var steps = 0
        for id in ids { steps += try await orchestrator.usage(.session(id)).calls }
        print("throughput: \(sessions) sessions x 3 agents, \(steps) agent steps in \(format(elapsed * 1000)) ms "
            + "= \(Int(Double(steps) / elapsed)) steps/s, \(Int(Double(sessions) / elapsed)) sessions/s")
    }

    static func format(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}

extension Duration {
    var timeInterval: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
