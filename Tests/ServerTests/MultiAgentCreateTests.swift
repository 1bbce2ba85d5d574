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

@Suite("POST /multi-agent/create")
struct MultiAgentCreateTests {
    @Test("creates agents with the original's default names and roles, ordered by index")
    func defaults() async throws {
        try await TestHarness().run { client in
            let session = try await client.createSession(["num_agents": 3, "title": "T", "tags": ["a"]])
            let agents = try await client.send(.get, "/multi-agent/agents/\(session)")
            #expect(agents.status == .ok)
            #expect(agents.json["session_id"]?.stringValue == session)
            let list = try #require(agents.json["agents"]?.arrayValue)
            #expect(list.map { $0["index"]?.intValue } == [0, 1, 2])
            #expect(list.map { $0["name"]?.stringValue } == ["Agent 1", "Agent 2", "Agent 3"])
            #expect(list.map { $0["role"]?.stringValue } == ["Assistant 1", "Assistant 2", "Assistant 3"])
            #expect(list.allSatisfy { $0["model"]?.stringValue == "scripted:test-model" })
            #expect(list.allSatisfy { $0["is_active"] == .bool(true) })
            #expect(list.allSatisfy { $0["max_running"]?.intValue == 1 })
        }
    }

    @Test("uses the given names, roles and models")
    func named() async throws {
        try await TestHarness().run { client in
            let session = try await client.createSession([
                "num_agents": 2, "system_prompt": "Be brief",
                "agent_names": ["Ann", "Bob"], "agent_roles": ["Planner", "Critic"],
                "agent_models": ["scripted:big", "small"], "agent_max_running": [3, 1],
            ])
            let list = try #require(
                try await client.send(.get, "/multi-agent/agents/\(session)").json["agents"]?.arrayValue
            )
            #expect(list.map { $0["name"]?.stringValue } == ["Ann", "Bob"])
            #expect(list.map { $0["role"]?.stringValue } == ["Planner", "Critic"])
            #expect(list.map { $0["model"]?.stringValue } == ["scripted:big", "small"])
            #expect(list.map { $0["max_running"]?.intValue } == [3, 1])
        }
    }

    @Test(
        "rejects bad bodies with 400 or 422 and a JSON detail",
        arguments: [
            (#"{"num_agents": 0}"#, 422, "num_agents: must be between 1 and 64, got 0"),
            (#"{"num_agents": 65}"#, 422, "num_agents: must be between 1 and 64, got 65"),
            (#"{"num_agents": -3}"#, 422, "num_agents: must be between 1 and 64, got -3"),
            (#"{"num_agents": "two"}"#, 422, "num_agents: expected an integer"),
            (#"{"num_agents": 2.5}"#, 422, nil),
            (#"{"title": "no count"}"#, 422, "num_agents: field required"),
            (
                #"{"num_agents": 2, "agent_names": ["only one"]}"#, 422,
                "agent_names: must have num_agents (2) entries, got 1"
            ),
            (
                #"{"num_agents": 2, "agent_roles": ["a", "b", "c"]}"#, 422,
                "agent_roles: must have num_agents (2) entries, got 3"
            ),
            (#"{"num_agents": 1, "agent_models": [7]}"#, 422, "agent_models[0]: expected a string"),
            (
                #"{"num_agents": 2, "agent_max_running": [1, 0]}"#, 422,
                "agent_max_running[1]: must be between 1 and 1000, got 0"
            ),
            (
                #"{"num_agents": 2, "agent_max_running": [2]}"#, 422,
                "agent_max_running: must have num_agents (2) entries, got 1"
            ),
            (#"{"num_agents": 1, "agent_max_running": ["x"]}"#, 422, nil),
            (#"{"num_agents": 2, "agent_names": ["Same", "same"]}"#, 422, nil),
            (#"{"num_agents": 2, "agent_names": ["", "B"]}"#, 422, nil),
            (#"{"num_agents": 1, "agent_models": ["nosuch:model"]}"#, 422, nil),
            (#"{"num_agents": 1"#, 400, "The request body is not valid JSON"),
            ("[1, 2]", 422, "The request body must be a JSON object"),
            ("", 400, "The request body is empty; expected a JSON object"),
        ] as [(String, Int, String?)]
    )
    func rejects(body: String, status: Int, detail: String?) async throws {
        try await TestHarness().run { client in
            let response = try await client.send(.post, "/multi-agent/create", body: body)
            #expect(response.status.code == status, "\(response.text)")
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let text = try #require(response.detail, "no detail in \(response.text)")
            if let detail { #expect(text == detail) }
        }
    }

    @Test("answers 503 when no model is given and the server has no default model")
    func noDefaultModel() async throws {
        var registry = ModelRegistry(defaultProvider: "openrouter")
        registry.register("scripted", ScriptedModel())
        try await TestHarness(registry: registry).run { client in
            let response = try await client.send(.post, "/multi-agent/create", json: ["num_agents": 1])
            #expect(response.status == .serviceUnavailable)
            #expect(response.detail?.hasPrefix("Model provider not configured") == true)
            let named = try await client.send(
                .post,
                "/multi-agent/create",
                json: ["num_agents": 1, "agent_models": ["scripted:x"]]
            )
            #expect(named.status == .ok)
        }
    }
}
