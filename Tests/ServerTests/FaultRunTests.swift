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

/// Every task ends: through the real server, with the default retry settings and short model
/// timeouts, a model that fails 30% of its calls still lets three-agent delegated sessions finish.
@Suite(
    "Sessions through the server with a model that fails 30% of its calls",
    .timeLimit(.minutes(5))
)
struct FaultRunTests {
    static let sessions = 20

    @Test("20 delegated sessions end; at least 19 complete; no subtask is created twice", arguments: [1, 2, 3])
    func faultRun(seed: UInt64) async throws {
        let model = FaultyTeamModel(seed: seed)
        let fake = try await FakeProviderServer.start { model.respond($0) }
        let database = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ai2ai-faults-\(seed)-\(UUID().uuidString).sqlite"
        ).path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
        let server = try ServerProcess(environment: [
            "DATABASE_URL": "sqlite://\(database)",
            "OPENAI_API_KEY": "sk-faults", "OPENAI_BASE_URL": fake.baseURL + "/v1",
            "DEFAULT_PROVIDER": "openai", "DEFAULT_MODEL": "openai:gpt-fake",
            "AI2AI_MODEL_IDLE_TIMEOUT_SECONDS": "5", "AI2AI_MODEL_TIMEOUT_SECONDS": "30",
        ])
        do {
            try await run(seed: seed, model: model, server: server)
        } catch {
            await server.terminate()
            throw error
        }
        await server.terminate()
        try await fake.shutdown()
    }

    private func run(seed: UInt64, model: FaultyTeamModel, server: ServerProcess) async throws {
        let base = "http://127.0.0.1:\(try await server.waitUntilListening())"
        let started = ContinuousClock.now

        var sessions: [String] = []
        for _ in 0..<Self.sessions {
            let created = try await SSEClient.readJSON(
                base + "/multi-agent/create",
                body: #"{"num_agents": 3, "agent_names": ["Lead", "Researcher", "Writer"]}"#
            )
            let session = try #require(created["session_id"]?.stringValue)
            _ = try await SSEClient.readJSON(
                base + "/multi-agent/message",
                body: #"{"session_id": "\#(session)", "message": "Write a report", "target_agents": [0]}"#
            )
            sessions.append(session)
        }

        // Wait until every root task has ended (or the suite's time limit ends the test).
        var tasksBySession: [String: [JSONValue]] = [:]
        while tasksBySession.count < sessions.count || !tasksBySession.values.allSatisfy(Self.hasEnded) {
            for session in sessions where !(tasksBySession[session].map(Self.hasEnded) ?? false) {
                let answer = try await SSEClient.readJSON(base + "/multi-agent/tasks/\(session)", body: nil)
                tasksBySession[session] = answer["tasks"]?.arrayValue ?? []
            }
            try await Task.sleep(for: .milliseconds(200))
        }

        let roots = tasksBySession.values.compactMap { $0.first { $0["parent_task_id"] == .null } }
        let completed = roots.filter { $0["status"] == "completed" }.count
        let errors = tasksBySession.values.flatMap { $0 }.compactMap { $0["error"]?.stringValue }
        let faults = FaultyTeamModel.Fault.allCases.map { "\($0.rawValue) \(model.faults[$0] ?? 0)" }
        print(
            "fault run seed \(seed): \(completed)/\(sessions.count) sessions completed in "
                + "\(ContinuousClock.now - started), \(model.calls) model calls, faults: "
                + faults.joined(separator: ", ") + (errors.isEmpty ? "" : "; errors: \(errors)")
        )

        #expect(roots.count == sessions.count)
        #expect(completed >= Self.sessions - 1, "\(errors)")
        #expect(!errors.contains { $0.localizedCaseInsensitiveContains("malformed") }, "\(errors)")
        for (session, tasks) in tasksBySession {
            let titles = tasks.compactMap { $0["title"]?.stringValue }.filter { $0 == "Facts" || $0 == "Draft" }
            #expect(titles.count <= 2 && Set(titles).count == titles.count, "session \(session): \(titles)")
        }
    }

    /// Whether the root task of a session's task list has ended.
    static func hasEnded(_ tasks: [JSONValue]) -> Bool {
        guard let root = tasks.first(where: { $0["parent_task_id"] == .null }) else { return false }
        return ["completed", "failed", "cancelled"].contains(root["status"]?.stringValue ?? "")
    }
}
