//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI

/// Section 1: the orchestrator's own cost, with a model that answers at once.
///
/// A fan-out session is one coordinator delegating one subtask to each of K workers, then
/// completing (K + 2 agent steps). The concurrent case runs N small fan-out sessions (K = 2)
/// at once. The single-agent case sends one idle agent one task after another (the case of the
/// former `AI2AIBenchmarks` target). Each run starts a fresh store and orchestrator.
struct OrchestrationBench {
    var runs: Int
    var quick: Bool
    /// The stores to run on.
    var stores: [OrchestrationHarness.StoreKind] = OrchestrationHarness.StoreKind.allCases

    private struct Case {
        var name: String
        /// Workers per session.
        var workers: Int
        /// Sessions running at the same time.
        var concurrency: Int
        /// Waves of `concurrency` sessions per run; for the single-agent case, its tasks per run.
        var waves: Int
        /// One agent in one session, sent `waves` tasks one after another.
        var singleAgent = false
    }

    private var cases: [Case] {
        let scale = quick ? 2 : 1
        return [
            Case(
                name: "1 idle agent, 1 task at a time",
                workers: 0,
                concurrency: 1,
                waves: 400 / scale,
                singleAgent: true
            ),
            Case(name: "fan-out K=2 (= 1 session at a time)", workers: 2, concurrency: 1, waves: 100 / scale),
            Case(name: "fan-out K=8", workers: 8, concurrency: 1, waves: 40 / scale),
            Case(name: "fan-out K=32", workers: 32, concurrency: 1, waves: 12 / scale),
            Case(name: "10 concurrent sessions (K=2)", workers: 2, concurrency: 10, waves: 10 / scale),
            Case(name: "100 concurrent sessions (K=2)", workers: 2, concurrency: 100, waves: 4 / scale),
        ]
    }

    func run() async throws -> [Row] {
        var rows: [Row] = []
        for kind in stores {
            for benchCase in cases {
                Report.progress("orchestration: \(benchCase.name), \(kind.rawValue)")
                let row = try await withTimeout(.seconds(300), "orchestration \(benchCase.name)") {
                    try await measure(benchCase, kind)
                }
                Report.print([row])
                rows.append(row)
            }
        }
        return rows
    }

    private func measure(_ benchCase: Case, _ kind: OrchestrationHarness.StoreKind) async throws -> Row {
        var stepRates: [Double] = []
        var sessionRates: [Double] = []
        var latencies: [Double] = []
        for _ in 0..<runs {
            let steps = StepCounter()
            let (elapsed, sessions, runLatencies) = try await OrchestrationHarness.withOrchestrator(
                kind,
                steps: steps
            ) { orchestrator in
                let stopwatch = Stopwatch()
                var latencies: [Double] = []
                if benchCase.singleAgent {
                    latencies = try await OrchestrationHarness.runSingleAgent(orchestrator, tasks: benchCase.waves)
                    return (stopwatch.seconds, 1, latencies)
                }
                for _ in 0..<benchCase.waves {
                    latencies += try await Self.wave(benchCase, orchestrator)
                }
                return (stopwatch.seconds, benchCase.waves * benchCase.concurrency, latencies)
            }
            stepRates.append(Double(steps.reset()) / elapsed)
            sessionRates.append(Double(sessions) / elapsed)
            latencies += runLatencies
        }
        let p50 = Statistics.percentile(latencies, 50)
        let p99 = Statistics.percentile(latencies, 99)
        let sessionsPerRun = benchCase.waves * benchCase.concurrency
        let latency = "assign→start p50 \(Format.latency(p50)), p99 \(Format.latency(p99))"
        if benchCase.singleAgent {
            return Row(
                section: "Orchestration",
                name: "\(benchCase.name), \(kind.rawValue)",
                result: "\(Format.rate(Statistics.median(stepRates))) steps/s · \(latency)",
                runs: runs,
                notes: "\(benchCase.waves) tasks of 1 step per run; "
                    + "latency over all \(latencies.count) tasks of all runs"
            )
        }
        return Row(
            section: "Orchestration",
            name: "\(benchCase.name), \(kind.rawValue)",
            result: "\(Format.rate(Statistics.median(stepRates))) steps/s · "
                + "\(Format.rate(Statistics.median(sessionRates))) sessions/s · \(latency)",
            runs: runs,
            notes: "\(sessionsPerRun) session(s) of \(benchCase.workers + 2) steps per run; "
                + "latency over all \(latencies.count) tasks of all runs"
        )
    }

    /// Runs `concurrency` sessions at once; returns their assignment-to-start latencies.
    private static func wave(_ benchCase: Case, _ orchestrator: Orchestrator) async throws -> [Double] {
        let spec = OrchestrationHarness.fanOutSpec(workers: benchCase.workers)
        if benchCase.concurrency == 1 {
            return try await OrchestrationHarness.runSession(orchestrator, spec: spec)
        }
        return try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<benchCase.concurrency {
                group.addTask { try await OrchestrationHarness.runSession(orchestrator, spec: spec) }
            }
            var all: [Double] = []
            for try await latencies in group { all += latencies }
            return all
        }
    }
}
