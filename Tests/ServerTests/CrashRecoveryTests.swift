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

@Suite("The ai2ai-server process killed mid-session and restarted on its database", .timeLimit(.minutes(5)))
struct CrashRecoveryTests {
    static func toolCall(_ calls: [(String, JSONValue)]) -> FakeProviderResponse {
        let toolCalls = calls.enumerated().map { index, call -> JSONValue in
            [
                "index": .number(Double(index)), "id": .string("call_\(index)"), "type": "function",
                "function": ["name": .string(call.0), "arguments": .string(call.1.jsonString)],
            ]
        }
        return ProviderClientTests.stream([["tool_calls": .array(toolCalls)]], finish: "tool_calls")
    }

    @Test("SIGKILL during the first model call: the restarted server finishes the session, without duplicated work")
    func killAndRestart() async throws {
        var stalled = Self.toolCall([("complete_task", ["result": "from the killed process"])])
        stalled.delay = .seconds(30)
        let fake = try await FakeProviderServer.start(responses: [
            stalled,
            Self.toolCall([
                ("delegate_task", ["agent": "Researcher", "title": "Facts", "description": "Find facts"]),
                ("delegate_task", ["agent": "Writer", "title": "Draft", "description": "Write a draft"]),
            ]),
            Self.toolCall([("complete_task", ["result": "helper result"])]),
            Self.toolCall([("complete_task", ["result": "helper result"])]),
            Self.toolCall([("complete_task", ["result": "merged report"])]),
        ])
        let database = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ai2ai-crash-\(UUID().uuidString).sqlite"
        ).path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
        let environment = [
            "DATABASE_URL": "sqlite://\(database)", "AI2AI_LEASE_SECONDS": "3",
            "OPENAI_API_KEY": "sk-crash-SECRET", "OPENAI_BASE_URL": fake.baseURL + "/v1",
            "DEFAULT_PROVIDER": "openai", "DEFAULT_MODEL": "openai:gpt-fake",
        ]
        do {
            let first = try ServerProcess(environment: environment)
            var base = "http://127.0.0.1:\(try await first.waitUntilListening())"
            let created = try await SSEClient.readJSON(
                base + "/multi-agent/create",
                body: #"{"num_agents": 3, "agent_names": ["Lead", "Researcher", "Writer"]}"#
            )
            let session = try #require(created["session_id"]?.stringValue)
            _ = try await SSEClient.readJSON(
                base + "/multi-agent/message",
                body: #"{"session_id": "\#(session)", "message": "Report", "target_agents": [0]}"#
            )
            await fake.waitForRequests(1)
            await first.kill()
            #expect(!first.log.contains("SECRET"))

            let second = try ServerProcess(environment: environment)
            base = "http://127.0.0.1:\(try await second.waitUntilListening())"
            var tasks: [JSONValue] = []
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(120)
            while clock.now < deadline {
                tasks =
                    try await SSEClient.readJSON(base + "/multi-agent/tasks/\(session)", body: nil)["tasks"]?.arrayValue
                    ?? []
                if tasks.count == 3, tasks.allSatisfy({ $0["status"] == "completed" }) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(tasks.count == 3, "two subtasks, delegated once")
            #expect(tasks.allSatisfy { $0["status"] == "completed" }, "\(tasks)")
            #expect(tasks.first { $0["parent_task_id"] == .null }?["result"] == "merged report")
            #expect(fake.requests.count == 5, "the lost call, then one call per turn")
            await second.terminate()
            #expect(second.process.terminationStatus == 0)
            #expect(!second.log.contains("SECRET"))
            let stored =
                try Data(contentsOf: URL(fileURLWithPath: database))
                + ((try? Data(contentsOf: URL(fileURLWithPath: database + "-wal"))) ?? Data())
            #expect(stored.range(of: Data("SECRET".utf8)) == nil, "the API key is not in the database")
        } catch {
            try await fake.shutdown()
            throw error
        }
        try await fake.shutdown()
    }
}
