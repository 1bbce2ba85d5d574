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

@Suite("A delegated session of three agents, driven only through the HTTP API", .timeLimit(.minutes(5)))
struct DelegatedSessionTests {
    /// The Lead delegates to the Researcher and the Writer, then merges their results; both
    /// helpers leave a context entry and an update before completing.
    static func team() -> ScriptedModel {
        ScriptedModel { request in
            switch request.agentName {
            case "Lead":
                let facts = request.transcript.contains("Result: tides are caused by the moon")
                let draft = request.transcript.contains("Result: a draft about tides")
                if facts || draft {
                    return .calling("complete_task", ["result": .string("report(facts: \(facts), draft: \(draft))")])
                }
                return .calling([
                    ToolCall(
                        id: "d1",
                        name: "delegate_task",
                        arguments: ["agent": "Researcher", "title": "Find facts", "description": "About tides"]
                    ),
                    ToolCall(
                        id: "d2",
                        name: "delegate_task",
                        arguments: ["agent": "Writer", "title": "Write draft", "description": "About tides"]
                    ),
                ])
            case "Researcher":
                if request.transcript.contains("Context entries:")
                    || request.messages.contains(where: { $0.role == .tool })
                {
                    return .calling("complete_task", ["result": "tides are caused by the moon"])
                }
                return .calling([
                    ToolCall(id: "c1", name: "add_context", arguments: ["key": "source", "value": "almanac"]),
                    ToolCall(id: "u1", name: "post_update", arguments: ["content": "looked it up"]),
                ])
            default:
                return .calling("complete_task", ["result": "a draft about tides"])
            }
        }
    }

    @Test("create, message, poll the tasks until done, read the responses and the task tree")
    func delegated() async throws {
        try await TestHarness(model: Self.team()).run { client in
            let session = try await client.createSession([
                "num_agents": 3,
                "agent_names": ["Lead", "Researcher", "Writer"],
                "agent_roles": ["Coordinates", "Finds facts", "Writes"],
            ])
            let sent = try await client.send(
                .post,
                "/multi-agent/message",
                json: [
                    "session_id": .string(session), "message": "Write a short report on tides", "target_agents": [0],
                ]
            )
            #expect(sent.status == .ok)
            let rootID = try #require(sent.json["responses"]?[0]?["task_id"]?.stringValue)

            let tasks = try await client.pollTasks(session) { tasks in
                tasks.count == 3 && tasks.allSatisfy { $0["status"]?.stringValue == "completed" }
            }
            let root = try #require(tasks.first { $0["id"]?.stringValue == rootID })
            #expect(root["result"]?.stringValue == "report(facts: true, draft: true)")
            let children = tasks.filter { $0["parent_task_id"]?.stringValue == rootID }
            #expect(Set(children.compactMap { $0["title"]?.stringValue }) == ["Find facts", "Write draft"])

            let responses = try await client.send(.get, "/multi-agent/responses/\(session)")
            let list = try #require(responses.json["responses"]?.arrayValue)
            #expect(list.count == 3)
            #expect(list.first?["task_id"]?.stringValue == rootID, "the root completed last, so it comes first")
            #expect(list.first?["agent"]?["name"]?.stringValue == "Lead")

            let detail = try await client.send(.get, "/multi-agent/tasks/\(session)/\(rootID)")
            #expect(detail.status == .ok)
            #expect(detail.json["task"]?["status"]?.stringValue == "completed")
            #expect(detail.json["subtasks"]?.arrayValue?.count == 2)
            let research = try #require(children.first { $0["title"]?.stringValue == "Find facts" }?["id"]?.stringValue)
            let researchDetail = try await client.send(.get, "/multi-agent/tasks/\(session)/\(research)")
            #expect(researchDetail.json["context"]?[0]?["key"]?.stringValue == "source")
            #expect(researchDetail.json["context"]?[0]?["value"]?.stringValue == "almanac")
            let updates = researchDetail.json["updates"]?.arrayValue ?? []
            #expect(
                updates.contains {
                    $0["content"]?.stringValue == "looked it up" && $0["kind"]?.stringValue == "progress"
                }
            )
        }
    }
}

extension JSONValue {
    /// The element at an index, when the value is an array that long.
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
