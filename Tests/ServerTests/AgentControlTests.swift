//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AI2AIServer

@Suite("Agent restart, start_all and task detail")
struct AgentControlTests {
    @Test("restart answers success, keeps the agent running, and 404/422 for bad indices")
    func restart() async throws {
        try await TestHarness().run { client in
            let session = try await client.createSession(["num_agents": 2])
            let ok = try await client.send(.post, "/multi-agent/agents/\(session)/restart/1")
            #expect(ok.status == .ok)
            #expect(ok.json == ["success": true, "message": "Agent 1 restarted"])
            let agents = try await client.send(.get, "/multi-agent/agents/\(session)")
            #expect(agents.json["agents"]?.arrayValue?.allSatisfy { $0["is_active"] == .bool(true) } == true)

            let missing = try await client.send(.post, "/multi-agent/agents/\(session)/restart/2")
            #expect(missing.status == .notFound)
            #expect(missing.detail == "Agent index 2 of session \(session) not found")
            let word = try await client.send(.post, "/multi-agent/agents/\(session)/restart/first")
            #expect(word.status == .unprocessableContent)
            #expect(word.detail == "agent_index: expected an integer, got first")
        }
    }

    @Test("start_all starts only the agents that are not running")
    func startAll() async throws {
        let harness = TestHarness()
        try await harness.run { client in
            let session = try await client.createSession(["num_agents": 3])
            let none = try await client.send(.post, "/multi-agent/agents/\(session)/start_all")
            #expect(none.json == ["success": true, "message": .string("Started 0 agent loops for session \(session)")])

            try await harness.services.orchestrator.stopAgents(in: SessionID(session))
            let stopped = try await client.send(.get, "/multi-agent/agents/\(session)")
            #expect(stopped.json["agents"]?.arrayValue?.allSatisfy { $0["is_active"] == .bool(false) } == true)

            let all = try await client.send(.post, "/multi-agent/agents/\(session)/start_all")
            #expect(all.status == .ok)
            #expect(all.json == ["success": true, "message": .string("Started 3 agent loops for session \(session)")])
        }
    }

    @Test("task detail: 404 for an unknown task or a task of another session")
    func taskDetail() async throws {
        let model = ScriptedModel { _ in .calling("complete_task", ["result": "ok"]) }
        try await TestHarness(model: model).run { client in
            let first = try await client.createSession(["num_agents": 1])
            let second = try await client.createSession(["num_agents": 1])
            let sent = try await client.send(
                .post,
                "/multi-agent/message",
                json: ["session_id": .string(first), "message": "Go"]
            )
            let task = try #require(sent.json["responses"]?[0]?["task_id"]?.stringValue)

            let found = try await client.send(.get, "/multi-agent/tasks/\(first)/\(task)")
            #expect(found.status == .ok)
            #expect(found.json["task"]?["id"]?.stringValue == task)
            #expect(found.json["session_id"]?.stringValue == first)

            let elsewhere = try await client.send(.get, "/multi-agent/tasks/\(second)/\(task)")
            #expect(elsewhere.status == .notFound)
            #expect(elsewhere.detail == "Task \(task) not found")
            let unknown = try await client.send(.get, "/multi-agent/tasks/\(first)/nope")
            #expect(unknown.status == .notFound)
        }
    }
}
