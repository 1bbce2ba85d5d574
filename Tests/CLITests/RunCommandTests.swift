//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIProviders
import AI2AIStorage
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
            events.append(
                #"{\#(base),"choices":[{"index":0,"delta":{"role":"assistant","content":\#(escaped)},"finish_reason":null}]}"#
            )
        }
        for (index, (name, arguments)) in calls.enumerated() {
            let escaped = JSONValue.string(arguments).jsonString
            events.append(
                #"{\#(base),"choices":[{"index":0,"delta":{"tool_calls":[{"index":\#(index),"id":"call_\#(index)","type":"function","function":{"name":"\#(name)","arguments":\#(escaped)}}]},"finish_reason":null}]}"#
            )
        }
        events.append(
            #"{\#(base),"choices":[{"index":0,"delta":{},"finish_reason":"\#(calls.isEmpty ? "stop" : "tool_calls")"}]}"#
        )
        events.append(#"{\#(base),"choices":[],"usage":{"prompt_tokens":50,"completion_tokens":10,"total_tokens":60}}"#)
        let body = events.map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n"
        return FakeProviderResponse(
            status: 200,
            headers: [("Content-Type", "text/event-stream")],
            body: Array(body.utf8),
            chunking: .pieces(of: 7)
        )
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
        let result = try await CLIRunner.run(
            [
                "run", "What is six times seven?", "--agents", "1", "--model", "openai:fake-model", "--db",
                directory.file("s.sqlite"), "--json",
            ],
            environment: environment(server)
        )
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.stdoutJSON()
        #expect(json["completed"] == true)
        #expect(json["responses"]?.arrayValue?.first?["result"] == "The answer is 42 🙂")
        let tasks = try #require(json["tasks"]?.arrayValue)
        #expect(tasks.count == 1)
        #expect(tasks.first?["status"] == "completed")
        #expect(json["usage"]?["input_tokens"] == 50)
        #expect(result.stderr.contains("Session "))
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/chat/completions")
        let body = try request.jsonBody()
        #expect(body["model"]?.stringValue == "fake-model")
    }

    @Test
    func runWorksOnlyItsOwnSession() async throws {
        let server = try await FakeProviderServer.start(responses: [Self.complete("mine"), Self.complete("theirs")])
        defer { Task { try? await server.shutdown() } }
        let directory = try TemporaryFolder()
        let path = directory.file("s.sqlite")
        // A session of another process, its task waiting in the database, its provider configured here.
        let store = try SQLiteStore(path: path)
        let now = Date()
        let other = Session(title: "Someone else's", createdAt: now)
        let agent = Agent(
            sessionID: other.id,
            index: 0,
            name: "Other",
            role: "Works",
            model: "openai:fake-model",
            provider: "openai",
            createdAt: now
        )
        try await store.createSession(other, agents: [agent])
        let waiting = try await store.createTask(
            AgentTask(
                sessionID: other.id,
                title: "Not yours",
                description: "Leave it",
                createdBy: "user",
                assignedTo: agent.id,
                createdAt: now
            )
        )
        let result = try await CLIRunner.run(
            ["run", "Hello", "--agents", "1", "--model", "openai:fake-model", "--db", path, "--json"],
            environment: environment(server)
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(server.requests.count == 1)
        #expect(try await store.task(waiting.id).status == .pending)
        #expect(try await store.turns(of: waiting.id).isEmpty)
    }

    @Test(arguments: [9, 10])
    func moreAgentsThanATaskMayDelegateToGetAWarning(_ agents: Int) async throws {
        let server = try await FakeProviderServer.start(responses: [Self.complete("done")])
        defer { Task { try? await server.shutdown() } }
        let directory = try TemporaryFolder()
        let result = try await CLIRunner.run(
            [
                "run", "Go", "--agents", "\(agents)", "--model", "openai:fake-model", "--db",
                directory.file("s.sqlite"), "--json",
            ],
            environment: environment(server)
        )
        #expect(result.status == 0, "\(result.stderr)")
        let warning = "Warning: \(agents) agents, but a task may create at most 8 subtasks"
        #expect(result.stderr.contains(warning) == (agents > 9), "\(result.stderr)")
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
        let result = try await CLIRunner.run(
            ["run", "Write a report", "--agents", "3", "--model", "openai:fake-model", "--db", db],
            environment: environment(server)
        )
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("Agent 1 delegated to Agent 2: \"Part A\""))
        #expect(result.stdout.contains("Agent 1 delegated to Agent 3: \"Part B\""))
        #expect(result.stdout.contains("Combined report of both parts"))
        #expect(result.stdout.contains("3 tasks, 3 completed"))
        #expect(server.requests.count == 4)

        let sessions = try await CLIRunner.run(["sessions", "--db", db, "--json"])
        let listed = try #require(try sessions.stdoutJSON().arrayValue?.first)
        let sessionID = try #require(listed["session_id"]?.stringValue)
        #expect(listed["status"] == "completed")
        #expect(listed["task_counts"]?["completed"] == 3)
        #expect(listed["task_counts"]?["pending"] == 0)
        let text = try await CLIRunner.run(["sessions", "--db", db])
        #expect(text.stdout.hasPrefix("\(sessionID)  "), "\(text.stdout)")
        #expect(text.stdout.contains("  finished  3 tasks (3 completed)"), "\(text.stdout)")
        let tasks = try await CLIRunner.run(["tasks", sessionID, "--db", db, "--json"])
        let taskList = try #require(try tasks.stdoutJSON().arrayValue)
        #expect(taskList.count == 3)
        let root = try #require(taskList.first { ($0["parent_task_id"] ?? .null) == .null })
        #expect(taskList.filter { $0["parent_task_id"] == root["id"] }.count == 2)
        #expect(taskList.allSatisfy { $0["status"] == "completed" })
        let tree = try await CLIRunner.run(["tasks", sessionID, "--db", db])
        #expect(tree.stdout.contains("  ✔ Agent 2"))
        let agents = try await CLIRunner.run(["agents", sessionID, "--db", db, "--json"])
        let agentList = try #require(try agents.stdoutJSON().arrayValue)
        #expect(agentList.map { $0["name"] } == ["Agent 1", "Agent 2", "Agent 3"])
    }

    @Test func aRetriedModelCallIsShownAndTheRunCompletes() async throws {
        let server = try await FakeProviderServer.start(responses: [
            .json(status: 429, #"{"error":{"message":"slow down"}}"#, headers: [("retry-after-ms", "10")]),
            Self.complete("after the retry"),
        ])
        defer { Task { try? await server.shutdown() } }
        let result = try await CLIRunner.run(
            ["run", "Go", "--agents", "1", "--model", "openai:fake-model", "--db", "memory"],
            environment: environment(server)
        )
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(
            result.stdout.contains("model call failed (attempt 1), retrying in 0.0s: openai rate_limited (HTTP 429)"),
            "\(result.stdout)"
        )
        #expect(result.stdout.contains("after the retry"))
    }

    @Test func failedTaskGivesExitStatusOne() async throws {
        let server = try await FakeProviderServer.start(responses: [
            Self.toolCalls([("fail_task", #"{"reason": "cannot be done"}"#)])
        ])
        defer { Task { try? await server.shutdown() } }
        let result = try await CLIRunner.run(
            ["run", "Square the circle", "--agents", "1", "--model", "openai:fake-model", "--db", "memory", "--json"],
            environment: environment(server)
        )
        #expect(result.status == 1)
        let json = try result.stdoutJSON()
        #expect(json["completed"] == false)
        #expect(json["tasks"]?.arrayValue?.first?["error"] == "cannot be done")
    }

    @Test func feedbackPrintsTheFiveSections() async throws {
        let answer =
            "FEEDBACK_SUMMARY: Wrong sum.\n## REASONING_ASSESSMENT\n2+2 is 4.\n**KNOWLEDGE_GAPS:** None.\nSUGGESTED_APPROACH: Recount.\nADDITIONAL_CONSIDERATIONS: -"
        let server = try await FakeProviderServer.start(responses: [Self.toolCalls([], text: answer)])
        defer { Task { try? await server.shutdown() } }
        let result = try await CLIRunner.run(
            ["feedback", "2+2=5", "--question", "Is this right?", "--model", "openai:big-model", "--json"],
            environment: environment(server)
        )
        #expect(result.status == 0, "\(result.stderr)")
        let structured = try #require(try result.stdoutJSON()["structured"])
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
