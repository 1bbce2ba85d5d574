//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import Foundation
import Testing

/// Issue 13: two server processes on one SQLite file finish 100 sessions together. Every session
/// is created through the first process; any process may work any session's tasks. Each process
/// has its own fake provider, whose tool-call ids carry its marker, so each stored turn names the
/// process that worked it.
///
/// `AI2AI_SOAK=1 swift test --filter TwoProcessTests` (a few minutes).
@Suite(
    "Two server processes on one SQLite file",
    .enabled(if: Soak.isEnabled, Soak.skipReason),
    .timeLimit(.minutes(15))
)
struct TwoProcessTests {
    static let sessions = 100

    @Test("100 sessions complete; each task worked once; each process commits at least 30% of the turns")
    func twoProcesses() async throws {
        let models = [
            TeamModel(marker: "A", latency: .milliseconds(500)...(.milliseconds(1_000)), seed: 1),
            TeamModel(marker: "B", latency: .milliseconds(500)...(.milliseconds(1_000)), seed: 2),
        ]
        var fakes: [FakeProviderServer] = []
        for model in models { fakes.append(try await FakeProviderServer.start { model.respond($0) }) }
        let database = Soak.databasePath("two-processes")
        defer { Soak.removeDatabase(database) }
        do {
            try await run(models: models, fakes: fakes, database: database)
        } catch {
            for fake in fakes { try await fake.shutdown() }
            throw error
        }
        for fake in fakes { try await fake.shutdown() }
    }

    private func run(models: [TeamModel], fakes: [FakeProviderServer], database: String) async throws {
        let started = ContinuousClock.now
        var servers: [ServerProcess] = []
        var bases: [String] = []
        // One after the other, so that the second opens a file the first has migrated.
        for fake in fakes {
            let server = try ServerProcess(environment: Soak.environment(database: database, providerURL: fake.baseURL))
            servers.append(server)
            bases.append("http://127.0.0.1:\(try await server.waitUntilListening())")
        }
        var sessions: [String] = []
        for _ in 0..<Self.sessions { sessions.append(try await Soak.startTeamSession(base: bases[0])) }

        let tasksBySession = try await Soak.waitUntilEnded(servers[0], base: bases[0], sessions: sessions, known: [:])
        for server in servers { await server.terminate() }

        // Attribute every stored turn to the process whose fake answered it.
        let attribution = try await TurnAttribution(
            sessions: sessions,
            models: models,
            store: try SQLiteStore(path: database)
        )
        let (turnsByProcess, unattributed, gaps) = (
            attribution.turnsByModel, attribution.unattributed, attribution.gaps
        )
        let calls = fakes.map(\.requests.count)
        let turns = turnsByProcess.reduce(0, +) + unattributed
        let outcome = Soak.Outcome(tasksBySession)
        print(
            "two processes: \(ContinuousClock.now - started); \(outcome); model calls A \(calls[0]), B \(calls[1]); "
                + "stored turns \(turns): A \(turnsByProcess[0]), B \(turnsByProcess[1]), unattributed \(unattributed)"
        )
        #expect(outcome.completed == Self.sessions, "\(outcome)")
        #expect(outcome.duplicateSubtasks.count == 0, "\(outcome.duplicateSubtasks.prefix(10))")
        #expect(gaps.count == 0, "turn numbers of a task are 0, 1, 2, ... once each: \(gaps.prefix(10))")
        #expect(unattributed == 0)
        #expect(calls.reduce(0, +) == turns, "each model call became one stored turn: no task was worked twice")
        for (index, count) in turnsByProcess.enumerated() {
            #expect(count * 10 >= turns * 3, "process \(index == 0 ? "A" : "B") committed \(count) of \(turns) turns")
        }
    }
}
