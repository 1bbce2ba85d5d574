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

@Suite("The server with the OpenAI-compatible client against the loopback fake provider", .timeLimit(.minutes(5)))
struct ProviderClientTests {
    /// An OpenAI chat-completions stream of the given `delta`s, then a finish reason.
    static func stream(_ deltas: [JSONValue], finish: String) -> FakeProviderResponse {
        var chunks: [JSONValue] = deltas.map {
            ["id": "c", "model": "gpt-fake", "choices": [["index": 0, "delta": $0]]]
        }
        chunks.append([
            "id": "c", "model": "gpt-fake", "choices": [["index": 0, "delta": [:], "finish_reason": .string(finish)]],
            "usage": ["prompt_tokens": 12, "completion_tokens": 4],
        ])
        let body = chunks.map { "data: \($0.jsonString)\n\n" }.joined() + "data: [DONE]\n\n"
        return FakeProviderResponse(
            headers: [("Content-Type", "text/event-stream")],
            body: Array(body.utf8),
            chunking: .pieces(of: 17)
        )
    }

    @Test("a session and a feedback request go through the real client; the API key stays out of every answer")
    func endToEnd() async throws {
        let completion: JSONValue = [
            "tool_calls": [
                [
                    "index": 0, "id": "call_1", "type": "function",
                    "function": ["name": "complete_task", "arguments": #"{"result": "fake done"}"#],
                ]
            ]
        ]
        let fake = try await FakeProviderServer.start(responses: [
            Self.stream([completion], finish: "tool_calls"),
            Self.stream(
                [["content": "FEEDBACK_SUMMARY: Looks "], ["content": "right\nKNOWLEDGE_GAPS: none\n"]],
                finish: "stop"
            ),
        ])
        let registry = ModelRegistry.fromEnvironment([
            "OPENAI_API_KEY": "sk-test-SECRET-key", "OPENAI_BASE_URL": fake.baseURL + "/v1",
            "DEFAULT_PROVIDER": "openai", "DEFAULT_MODEL": "openai:gpt-fake", "FEEDBACK_MODEL": "openai:gpt-feedback",
        ])
        do {
            try await TestHarness(registry: registry, feedbackModel: nil).run { client in
                let session = try await client.createSession(["num_agents": 1])
                let sent = try await client.send(
                    .post,
                    "/multi-agent/message",
                    json: ["session_id": .string(session), "message": "Do it"]
                )
                #expect(sent.json["responses"]?[0]?["model"] == "openai:gpt-fake")
                _ = try await client.pollTasks(session) { $0.first?["status"] == "completed" }
                let responses = try await client.send(.get, "/multi-agent/responses/\(session)")
                #expect(responses.json["responses"]?[0]?["result"] == "fake done")

                let feedback = try await client.send(.post, "/feedback", json: ["context": "c", "question": "q"])
                #expect(feedback.status == .ok, "\(feedback.text)")
                #expect(feedback.json["structured"]?["FEEDBACK_SUMMARY"] == "Looks right")
                #expect(feedback.json["metadata"]?["source_model"] == "gpt-fake")
                for answer in [sent, responses, feedback] { #expect(!answer.text.contains("SECRET")) }
            }
            let requests = fake.requests
            #expect(requests.map(\.path) == ["/v1/chat/completions", "/v1/chat/completions"])
            #expect(requests.allSatisfy { $0.header("Authorization") == "Bearer sk-test-SECRET-key" })
            #expect(try requests.map { try $0.jsonBody()["model"] } == ["gpt-fake", "gpt-feedback"])
        } catch {
            try await fake.shutdown()
            throw error
        }
        try await fake.shutdown()
    }
}
