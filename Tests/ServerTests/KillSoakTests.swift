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

/// Issue 13's SIGKILL soak: 48 three-agent sessions in flight (144 agents sharing the default 16
/// provider call slots), model calls of 2-3 s, a 3 s lease, and the server killed 16 times while
/// model calls are in flight, each restart on the same database with the default limits. Every
/// session must complete, no subtask be created twice, and no task fail for lease expiry.
///
/// `AI2AI_SOAK=1 swift test --filter KillSoakTests` (several minutes).
@Suite(
    "SIGKILL soak through the server: 48 delegated sessions, 16 kills",
    .enabled(if: Soak.isEnabled, Soak.skipReason),
    .timeLimit(.minutes(20))
)
struct KillSoakTests {
    static let sessions = 48
    static let kills = 16

    @Test("48 of 48 sessions complete; no subtask twice; no task fails for lease expiry")
    func soak() async throws {
        let model = TeamModel(marker: "soak", latency: .seconds(2)...(.seconds(3)))
        try await Soak.withFakeProvider(
            "kill-soak",
            { model.respond($0) },
            body: { fake, database in
                let environment = Soak.environment(database: database, providerURL: fake.baseURL, lease: 3)
                try await run(fake: fake, environment: environment)
            }
        )
    }

    private func run(fake: FakeProviderServer, environment: [String: String]) async throws {
        let started = ContinuousClock.now
        var server = try ServerProcess(environment: environment)
        var base = "http://127.0.0.1:\(try await server.waitUntilListening())"
        var sessions: [String] = []
        for _ in 0..<Self.sessions { sessions.append(try await Soak.startTeamSession(base: base)) }

        // Each kill waits until the restarted server has sent 4 to 12 new model calls (so that
        // calls are in flight when it dies), unless every session has ended by then.
        var generator = SplitMix64(seed: 13)
        var kills = 0
        var tasksBySession: [String: [JSONValue]] = [:]
        while kills < Self.kills {
            let target = fake.requests.count + Int.random(in: 4...12, using: &generator)
            var ended = false
            while fake.requests.count < target, !ended {
                try await Task.sleep(for: .milliseconds(100))
                tasksBySession = try await Soak.poll(server, base: base, sessions: sessions, known: tasksBySession)
                ended = sessions.allSatisfy { tasksBySession[$0].map(Soak.hasEnded) ?? false }
            }
            if ended { break }
            await server.kill()
            kills += 1
            print("kill soak: kill \(kills) after \(fake.requests.count) model calls")
            server = try ServerProcess(environment: environment)
            base = "http://127.0.0.1:\(try await server.waitUntilListening())"
        }

        // Then let the last server finish the work (or the suite's time limit end the test).
        tasksBySession = try await Soak.waitUntilEnded(server, base: base, sessions: sessions, known: tasksBySession)
        await server.terminate()

        let outcome = Soak.Outcome(tasksBySession)
        print(
            "kill soak: \(kills) kills, \(fake.requests.count) model calls, \(ContinuousClock.now - started): \(outcome)"
        )
        #expect(kills >= 15, "the server was killed \(kills) times while work was in flight")
        #expect(outcome.completed == Self.sessions, "\(outcome)")
        #expect(outcome.duplicateSubtasks.count == 0, "\(outcome.duplicateSubtasks.prefix(10))")
        #expect(outcome.leaseFailures.count == 0, "tasks failed for lease expiry")
    }
}
