//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// Section 5: resident memory of idle agents. Each store is measured in a child process of its
/// own (this executable with `--memory-probe`), so that memory freed by other sections cannot hide
/// in the numbers.
struct MemoryBench {
    var agents: Int
    var sessions: Int

    func run() async throws -> [Row] {
        var rows: [Row] = []
        for kind in OrchestrationHarness.StoreKind.allCases {
            Report.progress("memory: \(agents) idle agents in \(sessions) sessions, \(kind.rawValue)")
            let output = try Subprocess.run(
                Subprocess.currentExecutable,
                ["--memory-probe", kind.rawValue, "--agents", "\(agents)", "--memory-sessions", "\(sessions)"]
            )
            let fields = output.standardOutput.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
            let row: Row
            if output.status == 0, fields.count == 3 {
                let (before, after, seconds) = (fields[0], fields[1], fields[2])
                row = Row(
                    section: "Memory",
                    name: "\(Format.grouped(agents)) idle agents in \(Format.grouped(sessions)) sessions, "
                        + kind.rawValue,
                    result: "\(Format.bytes((after - before) / Double(agents))) per agent · "
                        + "RSS \(Format.bytes(before)) → \(Format.bytes(after))",
                    runs: 1,
                    notes: "VmRSS of a fresh process before the sessions and once every loop idles "
                        + "(\(Format.number(seconds, decimals: 1)) s to start them all)"
                )
            } else {
                row = Row(
                    section: "Memory",
                    name: "idle agents, \(kind.rawValue)",
                    result: "not measured",
                    runs: 0,
                    notes: "child failed (\(output.status)): \(output.standardError.suffix(200))"
                )
            }
            Report.print([row])
            rows.append(row)
        }
        return rows
    }

    /// The child's side: prints the resident bytes before and after starting the agents, and the
    /// seconds it took until they were all idle.
    static func probe(_ storeName: String, agents: Int, sessions: Int) async throws {
        guard let kind = OrchestrationHarness.StoreKind(rawValue: storeName) else {
            throw BenchError("unknown store \(storeName)")
        }
        let steps = StepCounter()
        let perSession = max(1, agents / max(sessions, 1))
        let result = try await OrchestrationHarness.withOrchestrator(kind, steps: steps) { orchestrator in
            try await waitUntilIdle()
            let before = try ProcessStatus.residentBytes()
            let stopwatch = Stopwatch()
            var ids: [AgentID] = []
            for session in 0..<sessions {
                let spec = SessionSpec(
                    title: "idle \(session)",
                    agents: (0..<perSession).map {
                        AgentSpec(name: "a\($0)", role: "Waits", model: InstantModel.worker)
                    }
                )
                let created = try await orchestrator.createSession(spec)
                ids += try await orchestrator.store.agents(in: created.id).map(\.id)
            }
            try await waitUntilIdle()
            let seconds = stopwatch.seconds
            for id in ids {
                guard await orchestrator.isRunning(agent: id) else { throw BenchError("an agent is not running") }
            }
            return (before, try ProcessStatus.residentBytes(), seconds)
        }
        print("\(result.0) \(result.1) \(result.2)")
    }

    /// Waits until the process has used at most one clock tick (10 ms) of CPU time in 500 ms: every
    /// agent loop has started, looked for work and gone to sleep (the orchestrator's 1 s store poll
    /// may still cost a tick).
    private static func waitUntilIdle() async throws {
        var last = try ProcessStatus.cpuSeconds()
        for _ in 0..<240 {
            try await Task.sleep(for: .milliseconds(500))
            let now = try ProcessStatus.cpuSeconds()
            if now - last < 0.015 { return }
            last = now
        }
        throw BenchError("the process did not become idle")
    }
}
