//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AIPostgres
import AI2AITesting
import Foundation
import Testing

/// Issue 16: three server processes on one PostgreSQL database, 60 delegated sessions, one process
/// SIGKILLed while it works; the other two finish every session, and each task is worked once.
///
/// Each process has its own fake provider, whose tool-call ids carry the process's marker, so every
/// stored turn names the process that worked it. Sessions are created and sent through all three
/// processes in turn; any process may work any session's tasks (the work is announced with NOTIFY).
@Suite(
    "Three server processes on one PostgreSQL database",
    .enabled(if: PostgresTestDatabase.serverURL != nil, PostgresTestDatabase.skipReason),
    .timeLimit(.minutes(6))
)
struct PostgresProcessesTests {
    static let sessions = 60
    /// The process that is killed.
    static let victim = 2
    /// How many model calls the victim makes before it is killed.
    static let callsBeforeKill = 10

    @Test("one of three processes killed: every session completes, each task worked once")
    func threeProcessesOneKilled() async throws {
        let models = ["A", "B", "C"].enumerated().map { index, marker in
            TeamModel(marker: marker, latency: .milliseconds(100)...(.milliseconds(400)), seed: UInt64(index + 1))
        }
        var fakes: [FakeProviderServer] = []
        for model in models { fakes.append(try await FakeProviderServer.start { model.respond($0) }) }
        do {
            // Small pools: the three processes share the test server with the other suites.
            try await PostgresTestDatabase.withDatabase(query: "pool_size=4") { url in
                try await run(models: models, fakes: fakes, url: url)
            }
        } catch {
            for fake in fakes { try await fake.shutdown() }
            throw error
        }
        for fake in fakes { try await fake.shutdown() }
    }

    private func run(models: [TeamModel], fakes: [FakeProviderServer], url: String) async throws {
        let started = ContinuousClock.now
        var servers: [ServerProcess] = []
        var bases: [String] = []
        for fake in fakes {
            var environment = Soak.environment(database: "", providerURL: fake.baseURL, lease: 5)
            environment["DATABASE_URL"] = url
            let server = try ServerProcess(environment: environment)
            servers.append(server)
            bases.append("http://127.0.0.1:\(try await server.waitUntilListening())")
        }
        // Half the sessions, through every process; the victim is killed once it has worked some of
        // their turns; the other half goes to the two survivors.
        var sessions: [String] = []
        for index in 0..<Self.sessions / 2 { sessions.append(try await Soak.startTeamSession(base: bases[index % 3])) }
        await fakes[Self.victim].waitForRequests(Self.callsBeforeKill)
        await servers[Self.victim].kill()
        let killedAt = ContinuousClock.now - started
        let survivors = [0, 1]
        // One session is watched live through the process it was not sent through: its events,
        // stored by whichever process works its tasks, reach that process's subscribers too.
        let created = try await SSEClient.readJSON(
            bases[0] + "/multi-agent/create",
            body: #"{"num_agents": 3, "agent_names": ["Lead", "Researcher", "Writer"]}"#
        )
        let watched = try #require(created["session_id"]?.stringValue)
        let (subscribed, subscription) = AsyncStream.makeStream(of: Void.self)
        let watchURL = bases[1] + "/multi-agent/events/\(watched)"
        let watcher = Task {
            try await SSEClient.read(
                watchURL,
                onFrame: { _ in subscription.yield() },
                until: { EventReplayTests.hasRootCompletion($0) }
            ).frames
        }
        // The stream's first frame (a stored event of the session's creation) says it is open.
        for await _ in subscribed { break }
        _ = try await SSEClient.readJSON(
            bases[0] + "/multi-agent/message",
            body: #"{"session_id": "\#(watched)", "message": "Write a report", "target_agents": [0]}"#
        )
        sessions.append(watched)
        for index in Self.sessions / 2 + 1..<Self.sessions {
            sessions.append(try await Soak.startTeamSession(base: bases[survivors[index % 2]]))
        }

        let tasksBySession = try await Soak.waitUntilEnded(servers[0], base: bases[0], sessions: sessions, known: [:])
        let watchedFrames = try await watcher.value
        for index in survivors { await servers[index].terminate() }

        // Attribute every stored turn to the process whose fake answered it.
        let store = try await PostgresStore(configuration: .init(url: url))
        let attribution: TurnAttribution
        do {
            attribution = try await TurnAttribution(sessions: sessions, models: models, store: store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        let (turnsByProcess, unattributed, gaps) = (
            attribution.turnsByModel, attribution.unattributed, attribution.gaps
        )

        let calls = fakes.map(\.requests.count)
        let outcome = Soak.Outcome(tasksBySession)
        print(
            "three processes on PostgreSQL: \(ContinuousClock.now - started), C killed at \(killedAt); \(outcome); "
                + "model calls A \(calls[0]), B \(calls[1]), C \(calls[2]); stored turns A \(turnsByProcess[0]), "
                + "B \(turnsByProcess[1]), C \(turnsByProcess[2]), unattributed \(unattributed)"
        )
        #expect(EventReplayTests.hasRootCompletion(watchedFrames), "the watcher saw the session complete")
        #expect(
            watchedFrames.contains { $0.event == "task_delegated" },
            "the watcher saw the delegations, stored by any process"
        )
        #expect(outcome.completed == Self.sessions, "\(outcome)")
        #expect(outcome.tasks == Self.sessions * 3, "\(outcome)")
        #expect(outcome.duplicateSubtasks.isEmpty, "\(outcome.duplicateSubtasks.prefix(10))")
        #expect(outcome.leaseFailures.isEmpty, "tasks failed for lease expiry")
        #expect(gaps.isEmpty, "turn numbers of a task are 0, 1, 2, ... once each: \(gaps.prefix(10))")
        #expect(unattributed == 0)
        // A lead works two turns, each of its two helpers one.
        #expect(turnsByProcess.reduce(0, +) == Self.sessions * 4, "\(turnsByProcess)")
        for index in survivors {
            #expect(
                calls[index] == turnsByProcess[index],
                "every call of a surviving process became one stored turn: no task was worked twice"
            )
            #expect(turnsByProcess[index] > 0, "process \(index) worked turns")
        }
        // The victim's calls in flight when it died were lost; the turns it stored stayed stored.
        #expect(turnsByProcess[Self.victim] <= calls[Self.victim])
        #expect(calls[Self.victim] >= Self.callsBeforeKill)
    }
}
