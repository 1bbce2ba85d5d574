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

/// Issue 15: the crash tests under K = 32 load with group commit on. Sessions of a lead and 32
/// workers, the lead fanning out one subtask to each; the models answer at once, so the commits and
/// claims of many workers share write transactions; the server is SIGKILLed three times while they
/// run. Every session completes, no subtask is created twice, and no task fails for lease expiry.
@Suite("SIGKILL under a K = 32 fan-out: group commit loses nothing and repeats nothing", .timeLimit(.minutes(5)))
struct FanOutKillTests {
    static let workers = 32
    static let sessions = 6

    /// The lead delegates one part to each worker, then completes with their results; a worker
    /// completes at once.
    static func respond(_ request: FakeProviderRequest) -> FakeProviderResponse {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        let messages = body["messages"] as? [[String: Any]] ?? []
        let system = messages.first { $0["role"] as? String == "system" }?["content"] as? String ?? ""
        let name = String(system.dropFirst("You are ".count).prefix { $0 != "," })
        let resumed = messages.contains {
            ($0["content"] as? String)?.hasPrefix("All of your subtasks have finished") == true
        }
        guard name == "Lead", !resumed else {
            var answer = FaultyTeamModel.stream(toolCalls: [("complete_task", ["result": "\(name) is done"])])
            // Long enough that the kills land while the workers' calls and commits are in flight.
            answer.delay = .milliseconds(100)
            return answer
        }
        return FaultyTeamModel.stream(
            toolCalls: (1...workers).map {
                ("delegate_task", ["agent": "W\($0)", "title": "Part \($0)", "description": "Do part \($0)"])
            }
        )
    }

    @Test("every session completes; no subtask twice; no task fails for lease expiry")
    func killDuringFanOut() async throws {
        try await Soak.withFakeProvider(
            "fanout-kill",
            { Self.respond($0) },
            body: { fake, database in
                var environment = Soak.environment(database: database, providerURL: fake.baseURL, lease: 3)
                environment["AI2AI_MAX_SUBTASKS"] = "\(Self.workers)"
                environment["AI2AI_MODEL_CALLS_PER_PROVIDER"] = "\(Self.workers)"
                try await run(fake: fake, environment: environment)
            }
        )
    }

    private func run(fake: FakeProviderServer, environment: [String: String]) async throws {
        var server = try ServerProcess(environment: environment)
        var base = "http://127.0.0.1:\(try await server.waitUntilListening())"
        let names = ["Lead"] + (1...Self.workers).map { "W\($0)" }
        let namesJSON = names.map { "\"\($0)\"" }.joined(separator: ", ")
        var sessions: [String] = []
        for _ in 0..<Self.sessions {
            let created = try await SSEClient.readJSON(
                base + "/multi-agent/create",
                body: #"{"num_agents": \#(names.count), "agent_names": [\#(namesJSON)]}"#
            )
            sessions.append(try #require(created["session_id"]?.stringValue, "\(created)"))
        }
        for session in sessions {
            _ = try await SSEClient.readJSON(
                base + "/multi-agent/message",
                body: #"{"session_id": "\#(session)", "message": "Fan out", "target_agents": [0]}"#
            )
        }
        // Kill after every 20 to 40 new model calls, while the workers' turns commit in batches. The
        // run makes at least 204 calls (6 leads, 192 workers, then the 6 leads again), and the third
        // target is at most 120 calls plus the calls in flight at two kills (32 each): every target
        // is reached while workers still run.
        var kills = 0
        var generator = SplitMix64(seed: 15)
        while kills < 3 {
            await fake.waitForRequests(fake.requests.count + Int.random(in: 20...40, using: &generator))
            await server.kill()
            kills += 1
            server = try ServerProcess(environment: environment)
            base = "http://127.0.0.1:\(try await server.waitUntilListening())"
        }
        let tasksBySession = try await Soak.waitUntilEnded(server, base: base, sessions: sessions, known: [:])
        await server.terminate()

        let outcome = Soak.Outcome(tasksBySession)
        print("fan-out kill: \(kills) kills, \(fake.requests.count) model calls: \(outcome)")
        #expect(kills == 3, "the server was killed while work was in flight")
        #expect(outcome.completed == Self.sessions, "\(outcome)")
        #expect(outcome.tasks == Self.sessions * (Self.workers + 1), "\(outcome)")
        #expect(outcome.duplicateSubtasks.isEmpty, "\(outcome.duplicateSubtasks.prefix(10))")
        #expect(outcome.leaseFailures.isEmpty, "tasks failed for lease expiry")
        for tasks in tasksBySession.values {
            let root = tasks.first { $0["parent_task_id"] == .null }
            let result = root?["result"]?.stringValue ?? ""
            #expect(result == "Lead is done", "\(result.prefix(200))")
        }
    }
}
