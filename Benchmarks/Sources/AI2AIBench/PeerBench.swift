//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// Section `peers`: AI2AI against LangGraph with its SQLite checkpointer, on one workload.
///
/// Both sides run one session (a LangGraph thread) reused for every wave; a wave is one message to
/// a coordinator that fans out one subtask to each of K workers and completes once their results
/// are in: K + 2 durable steps (agent turns; LangGraph nodes whose writes are checkpointed with
/// `durability="sync"`). The model (AI2AI) and the nodes (LangGraph) answer at once, and both
/// SQLite files are in WAL mode with `synchronous=NORMAL`. The peer is
/// `Benchmarks/Peers/langgraph_fanout.py`, run with the Python given (`run.sh --peers` makes a
/// virtual environment for it); without one, only AI2AI's side is measured.
struct PeerBench {
    var runs: Int
    var quick: Bool
    /// A Python with LangGraph and `langgraph-checkpoint-sqlite` installed.
    var python: String?
    /// The peer script.
    var script: String

    private static let workerCounts = [2, 8, 32]

    /// Waves per run for K workers: about 400 steps at every K (200 with `quick`).
    private func waves(_ workers: Int) -> Int {
        max(5, (quick ? 200 : 400) / (workers + 2))
    }

    private struct PeerResult: Decodable {
        var k: Int
        var waves: Int
        var stepsPerSecond: [Double]
        var langgraph: String

        enum CodingKeys: String, CodingKey {
            case k, waves, langgraph
            case stepsPerSecond = "steps_per_second"
        }
    }

    func run() async throws -> [Row] {
        var ours: [Int: [Double]] = [:]
        for kind in OrchestrationHarness.StoreKind.allCases {
            for workers in Self.workerCounts {
                Report.progress("peers: AI2AI fan-out K=\(workers), one session, \(kind.rawValue)")
                let rates = try await withTimeout(.seconds(300), "peers K=\(workers)") {
                    try await measure(workers: workers, kind)
                }
                if kind == .sqlite { ours[workers] = rates }
                let row = Row(
                    section: "Peers",
                    name: "AI2AI fan-out K=\(workers), one session reused, \(kind.rawValue)",
                    result: "\(Format.rate(Statistics.median(rates))) steps/s",
                    runs: runs,
                    notes: "\(waves(workers)) waves of \(workers + 2) steps per run"
                )
                Report.print([row])
            }
        }
        guard let python else {
            Report.progress("peers: no --peer-python given; LangGraph not measured (Benchmarks/run.sh --peers)")
            return []
        }
        Report.progress("peers: LangGraph + SqliteSaver (\(script))")
        let output = try Subprocess.run(
            python,
            [script, "--runs", "\(runs)", "--k"] + Self.workerCounts.map(String.init)
                + ["--waves", "\(waves(2))"]
        )
        guard output.status == 0 else { throw BenchError("The peer script failed: \(output.standardError)") }
        var rows: [Row] = []
        for line in output.standardOutput.split(separator: "\n") {
            let peer = try JSONDecoder().decode(PeerResult.self, from: Data(line.utf8))
            let theirs = Statistics.median(peer.stepsPerSecond)
            let mine = Statistics.median(ours[peer.k] ?? [])
            let row = Row(
                section: "Peers",
                name: "LangGraph \(peer.langgraph) + SqliteSaver fan-out K=\(peer.k), one thread reused",
                result: "\(Format.rate(theirs)) steps/s · AI2AI (SQLite) \(String(format: "%.1f", mine / theirs))×",
                runs: peer.stepsPerSecond.count,
                notes: "\(peer.waves) waves of \(peer.k + 2) steps per run; durability=sync, WAL, synchronous=NORMAL"
            )
            Report.print([row])
            rows.append(row)
        }
        return rows
    }

    /// Steps per second of each run.
    private func measure(workers: Int, _ kind: OrchestrationHarness.StoreKind) async throws -> [Double] {
        var rates: [Double] = []
        for _ in 0..<runs {
            let steps = StepCounter()
            let waves = waves(workers)
            let rate = try await OrchestrationHarness.withOrchestrator(kind, steps: steps) { orchestrator in
                var stopwatch = Stopwatch()
                _ = try await OrchestrationHarness.runWaves(orchestrator, workers: workers, waves: waves) {
                    _ = steps.reset()
                    stopwatch = Stopwatch()
                }
                return Double(steps.reset()) / stopwatch.seconds
            }
            rates.append(rate)
        }
        return rates
    }
}
