//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AITesting
import Foundation
import Testing

/// `ai2ai run`, `resume`, `sessions`, `tasks`, `agents` and `feedback`, run as a user would
/// against a fake OpenAI-compatible server on loopback.
@Suite struct RunCommandTests {
    /// A streamed OpenAI answer that calls tools.
    static func toolCalls(_ calls: [(String, String)], text: String = "") -> FakeProviderResponse {
        var events: [String] = []
        let base = #""id":"chatcmpl-1","object":"chat.completion.chunk","model":"fake-model""#
        if !text.isEmpty {
            let escaped = JSONValue.string(text).jsonString
            events.append(#"{\#(base),"choices":[{"index":0,"delta":{"role":"assistant","content":\#(escaped)},"finish_reason":null}]}"#)
        }
        for (index, (name, arguments)) in calls.enumerated() {
            let escaped = JSONValue.string(arguments).jsonString
            events.append(
                #"{\#(base),"choices":[{"index":0,"delta":{"tool_calls":[{"index":\#(index),"id":"call_\#(index)","type":"function","function":{"name":"\#(name)","arguments":\#(escaped)}}]},"finish_reason":null}]}"#
            )
        }
        events.append(#"{\#(base),"choices":[{"index":0,"delta":{},"finish_reason":"\#(calls.isEmpty ? "stop" : "tool_calls")"}]}"#)
        events.append(#"{\#(base),"choices":[],"usage":{"prompt_tokens":50,"completion_tokens":10,"total_tokens":60}}"#)
        let body = events.map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n"
        return FakeProviderResponse(status: 200, headers: [("Content-Type", "text/event-stream")], body: Array(body.utf8), chunking: .pieces(of: 7))
    }

    static func complete(_ result: String) -> FakeProviderResponse {
        toolCalls([("complete_task", #"{"result": \#(JSONValue.string(result).jsonString)}"#)])
    }

    private func environment(_ server: FakeProviderServer) -> [String: String] {
        ["OPENAI_BASE_URL": server.baseURL + "/v1", "DEFAULT_PROVIDER": "openai"]
    }

    @Test func singleAgentRunPrintsJSONAndSucceeds() async throws {
        let server = try await FakeProviderServer.start(responses: [Self.complete("The answer is 42 🙂")])
        defer { Task { try? await server.shutdown() } }
        let directory = try TemporaryFolder()
        let result = try await CLIProcess.run(
            ["run", "What is six times seven?", "--agents", "1", "--model", "openai:fake-model", "--db", directory.file("s.sqlite"), "--json"],
            environment: environment(server)
        )
        #expect(result.status == 0, "\(result.standardError)")
        let json = try result.json()
        #expect(json["completed"] as? Bool == true)
        let responses = try #require(json["responses"] as? [[String: Any]])
        #expect(responses.first?["result"] as? String == "The answer is 42 🙂")
        let tasks = try #require(json["tasks"] as? [[String: Any]])
        #expect(tasks.count == 1)
        #expect(tasks.first?["status"] as? String == "completed")
        #expect((json["usage"] as? [String: Any])?["input_tokens"] as? Int == 50)
        #expect(result.standardError.contains("Session "))
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/chat/completions")
        let body = try request.jsonBody()
        #expect(body["model"]?.stringValue == "fake-model")
    }

    @Test func threeAgentDelegatedRunShowsProgressAndResults() async throws {
        let server = try await FakeProviderServer.start(responses: [
            Self.toolCalls(
                [
                    ("delegate_task", #"{"agent": "Agent 2", "title": "Part A", "description": "Research part A"}"#),
                    ("delegate_task", #"{"agent": "Agent 3", "title": "Part B", "description": "Research part B"}"#),
                ],
                text: "Splitting the work."
            ),
            Self.complete("worker findings"),
            Self.complete("worker findings"),
            Self.complete("Combined report of both parts"),
        ])
        defer { Task { try? await server.shutdown() } }
        let directory = try TemporaryFolder()
        let db = directory.file("three.sqlite")
        let result = try await CLIProcess.run(
            ["run", "Write a report", "--agents", "3", "--model", "openai:fake-model", "--db", db],
            environment: environment(server)
        )
        #expect(result.status == 0, "\(result.standardOutput)\n\(result.standardError)")
        #expect(result.standardOutput.contains("Agent 1 delegated to Agent 2: \"Part A\""))
        #expect(result.standardOutput.contains("Agent 1 delegated to Agent 3: \"Part B\""))
        #expect(result.standardOutput.contains("Combined report of both parts"))
        #expect(result.standardOutput.contains("3 tasks, 3 completed"))
        #expect(server.requests.count == 4)

        let sessions = try await CLIProcess.run(["sessions", "--db", db, "--json"])
        let list = try #require(JSONSerialization.jsonObject(with: Data(sessions.standardOutput.utf8)) as? [[String: Any]])
        let sessionID = try #require(list.first?["id"] as? String)
        let tasks = try await CLIProcess.run(["tasks", sessionID, "--db", db, "--json"])
        let taskList = try #require(JSONSerialization.jsonObject(with: Data(tasks.standardOutput.utf8)) as? [[String: Any]])
        #expect(taskList.count == 3)
        let root = try #require(taskList.first { $0["parent_task_id"] == nil || $0["parent_task_id"] is NSNull })
        #expect(taskList.filter { $0["parent_task_id"] as? String == root["id"] as? String }.count == 2)
        let tree = try await CLIProcess.run(["tasks", sessionID, "--db", db])
        #expect(tree.standardOutput.contains("  ✔ Agent 2"))
        let agents = try await CLIProcess.run(["agents", sessionID, "--db", db, "--json"])
        let agentList = try #require(JSONSerialization.jsonObject(with: Data(agents.standardOutput.utf8)) as? [[String: Any]])
        #expect(agentList.map { $0["name"] as? String } == ["Agent 1", "Agent 2", "Agent 3"])
    }

    @Test func failedTaskGivesExitStatusOne() async throws {
        let server = try await FakeProviderServer.start(responses: [
            Self.toolCalls([("fail_task", #"{"reason": "cannot be done"}"#)])
        ])
        defer { Task { try? await server.shutdown() } }
        let result = try await CLIProcess.run(
            ["run", "Square the circle", "--agents", "1", "--model", "openai:fake-model", "--db", "memory", "--json"],
            environment: environment(server)
        )
        #expect(result.status == 1)
        let json = try result.json()
        #expect(json["completed"] as? Bool == false)
        #expect((json["tasks"] as? [[String: Any]])?.first?["error"] as? String == "cannot be done")
    }

    @Test func feedbackPrintsTheFiveSections() async throws {
        let answer = "FEEDBACK_SUMMARY: Wrong sum.\n## REASONING_ASSESSMENT\n2+2 is 4.\n**KNOWLEDGE_GAPS:** None.\nSUGGESTED_APPROACH: Recount.\nADDITIONAL_CONSIDERATIONS: -"
        let server = try await FakeProviderServer.start(responses: [Self.toolCalls([], text: answer)])
        defer { Task { try? await server.shutdown() } }
        let result = try await CLIProcess.run(
            ["feedback", "2+2=5", "--question", "Is this right?", "--model", "openai:big-model", "--json"],
            environment: environment(server)
        )
        #expect(result.status == 0, "\(result.standardError)")
        let structured = try #require(try result.json()["structured"] as? [String: String])
        #expect(structured["FEEDBACK_SUMMARY"] == "Wrong sum.")
        #expect(structured["REASONING_ASSESSMENT"] == "2+2 is 4.")
        #expect(structured["SUGGESTED_APPROACH"] == "Recount.")
    }
}

/// A folder under the temporary directory for one test.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ai2ai-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }
}
