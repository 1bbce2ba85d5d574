//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AI2AIServer

@Suite("POST /multi-agent/message and the session read endpoints", .timeLimit(.minutes(5)))
struct MultiAgentMessageTests {
    /// A model whose agents complete every task with "done by NAME".
    static func completing() -> ScriptedModel {
        ScriptedModel { request in
            .calling("complete_task", ["result": .string("done by \(request.agentName ?? "?")")])
        }
    }

    @Test("creates one task per targeted agent and answers in the original's shape")
    func targeted() async throws {
        try await TestHarness(model: Self.completing()).run { client in
            let session = try await client.createSession(["num_agents": 3])
            let response = try await client.send(
                .post,
                "/multi-agent/message",
                json: ["session_id": .string(session), "message": "Summarise the plan", "target_agents": [2, 0]]
            )
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json["session_id"]?.stringValue == session)
            #expect(response.json["message"]?.stringValue == "Summarise the plan")
            let responses = try #require(response.json["responses"]?.arrayValue)
            #expect(responses.map { $0["agent_index"]?.intValue } == [0, 2])
            #expect(responses.map { $0["agent_name"]?.stringValue } == ["Agent 1", "Agent 3"])
            #expect(responses.map { $0["agent_role"]?.stringValue } == ["Assistant 1", "Assistant 3"])
            #expect(responses.allSatisfy { $0["response"]?.stringValue == "Task created, processing..." })
            #expect(responses.allSatisfy { $0["model"]?.stringValue == "scripted:test-model" })
            #expect(response.json["metadata"]?["target_agents"] == [2, 0])
            #expect(response.json["metadata"]?["timestamp"]?.stringValue.flatMap(ISO8601.date(from:)) != nil)

            let tasks = try await client.pollTasks(session) { tasks in
                tasks.count == 2 && tasks.allSatisfy { $0["status"]?.stringValue == "completed" }
            }
            #expect(tasks.allSatisfy { $0["created_by"]?.stringValue == "user" })
            #expect(tasks.allSatisfy { $0["title"]?.stringValue == "Process message: Summarise the plan" })
            #expect(tasks.allSatisfy { $0["parent_task_id"] == .null })
            #expect(tasks.allSatisfy { $0["completed_at"]?.stringValue.flatMap(ISO8601.date(from:)) != nil })

            let answers = try await client.send(.get, "/multi-agent/responses/\(session)")
            #expect(answers.status == .ok)
            let list = try #require(answers.json["responses"]?.arrayValue)
            #expect(Set(list.compactMap { $0["result"]?.stringValue }) == ["done by Agent 1", "done by Agent 3"])
            #expect(Set(list.compactMap { $0["agent"]?["index"]?.intValue }) == [0, 2])
            let times = list.compactMap { $0["completed_at"]?.stringValue.flatMap(ISO8601.date(from:)) }
            #expect(times == times.sorted(by: >), "newest first")
        }
    }

    @Test("without targets (or with an empty list) every agent gets a task; the initiator is kept")
    func everyone() async throws {
        try await TestHarness(model: Self.completing()).run { client in
            let session = try await client.createSession(["num_agents": 2])
            let response = try await client.send(
                .post,
                "/multi-agent/message",
                json: ["session_id": .string(session), "message": "Hi", "target_agents": [], "initiator": "agent 7"]
            )
            #expect(response.json["responses"]?.arrayValue?.count == 2)
            #expect(response.json["metadata"]?["target_agents"] == [])
            let plain = try await client.send(
                .post,
                "/multi-agent/message",
                json: ["session_id": .string(session), "message": "Again"]
            )
            #expect(plain.json["responses"]?.arrayValue?.count == 2)
            #expect(plain.json["metadata"]?["target_agents"] == .null)
            let tasks = try await client.pollTasks(session) { $0.count == 4 }
            #expect(tasks.filter { $0["created_by"]?.stringValue == "agent 7" }.count == 2)
        }
    }

    @Test(
        "answers 404 for unknown sessions and agent indices, 422 for bad messages",
        arguments: [
            (#"{"session_id": "nope", "message": "Hi"}"#, 404),
            (#"{"session_id": "SESSION", "message": "Hi", "target_agents": [5]}"#, 404),
            (#"{"session_id": "SESSION", "message": "Hi", "target_agents": [-1]}"#, 404),
            (#"{"session_id": "SESSION", "message": "   "}"#, 422),
            (#"{"session_id": "SESSION"}"#, 422),
            (#"{"message": "Hi"}"#, 422),
            (#"{"session_id": "SESSION", "message": "Hi", "target_agents": ["0"]}"#, 422),
            (#"{"session_id": 12, "message": "Hi"}"#, 422),
            (#"{"session_id": "SESSION", "message": "Hi""#, 400),
        ] as [(String, Int)]
    )
    func rejects(body: String, status: Int) async throws {
        try await TestHarness(model: Self.completing()).run { client in
            let session = try await client.createSession(["num_agents": 2])
            let response = try await client.send(
                .post,
                "/multi-agent/message",
                body: body.replacingOccurrences(of: "SESSION", with: session)
            )
            #expect(response.status.code == status, "\(response.text)")
            #expect(response.detail?.isEmpty == false)
        }
    }

    @Test("a feedback-only session has no agents to message: 404")
    func noAgents() async throws {
        try await TestHarness().run { client in
            let session = try await client.send(.post, "/session/create", json: [:])
            let id = try #require(session.json["session_id"]?.stringValue)
            let response = try await client.send(
                .post,
                "/multi-agent/message",
                json: ["session_id": .string(id), "message": "Hi"]
            )
            #expect(response.status == .notFound)
            #expect(response.detail == "No agents found in session \(id)")
        }
    }

    @Test(
        "read endpoints answer 404 with a JSON detail for an unknown session",
        arguments: [
            (HTTPRequest.Method.get, "/multi-agent/tasks/unknown"),
            (.get, "/multi-agent/tasks/unknown/some-task"),
            (.get, "/multi-agent/agents/unknown"),
            (.get, "/multi-agent/responses/unknown"),
            (.get, "/multi-agent/events/unknown"),
            (.post, "/multi-agent/agents/unknown/start_all"),
            (.post, "/multi-agent/agents/unknown/restart/0"),
        ]
    )
    func unknownSession(method: HTTPRequest.Method, path: String) async throws {
        try await TestHarness().run { client in
            let response = try await client.send(method, path)
            #expect(response.status == .notFound)
            #expect(response.detail == "Session unknown not found")
        }
    }
}
