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

@Suite("Feedback endpoints")
struct FeedbackRouteTests {
    static let answer = """
        FEEDBACK_SUMMARY: Good start
        REASONING_ASSESSMENT: Sound, but one step is skipped
        KNOWLEDGE_GAPS: The boundary cases
        SUGGESTED_APPROACH: Prove the base case first
        ADDITIONAL_CONSIDERATIONS: Watch for overflow
        """

    static let sections: JSONValue = [
        "FEEDBACK_SUMMARY": "Good start",
        "REASONING_ASSESSMENT": "Sound, but one step is skipped",
        "KNOWLEDGE_GAPS": "The boundary cases",
        "SUGGESTED_APPROACH": "Prove the base case first",
        "ADDITIONAL_CONSIDERATIONS": "Watch for overflow",
    ]

    @Test("POST /feedback answers the text, its sections and the metadata")
    func feedback() async throws {
        let model = ScriptedModel([.respond(.answer(Self.answer)), .respond(.answer(Self.answer))])
        try await TestHarness(model: model).run { client in
            let response = try await client.send(
                .post,
                "/feedback",
                json: ["context": "I think n+1", "question": "Is it right?"]
            )
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json["feedback"]?.stringValue == Self.answer)
            #expect(response.json["structured"] == Self.sections)
            #expect(response.json["metadata"]?["source_model"]?.stringValue == "feedback-model")
            #expect(response.json["metadata"]?["timestamp"]?.stringValue.flatMap(ISO8601.date(from:)) != nil)

            let other = try await client.send(
                .post,
                "/feedback",
                json: ["context": "c", "question": "q", "model": "scripted:other"]
            )
            #expect(other.json["metadata"]?["source_model"]?.stringValue == "other")
        }
        let prompt = try #require(model.requests.first).transcript
        #expect(prompt.contains("I think n+1") && prompt.contains("Specific feedback request: Is it right?"))
        #expect(model.requests.map(\.model) == ["feedback-model", "other"])
    }

    @Test(
        "POST /feedback rejects bad bodies",
        arguments: [
            (#"{"context": "c"}"#, 422, "question: field required"),
            (#"{"question": "q"}"#, 422, "context: field required"),
            (#"{"context": 1, "question": "q"}"#, 422, "context: expected a string"),
            (#"{"context": "c", "question": "q", "model": "nosuch:x"}"#, 422, nil),
            ("not json", 400, "The request body is not valid JSON"),
        ] as [(String, Int, String?)]
    )
    func rejects(body: String, status: Int, detail: String?) async throws {
        for path in ["/feedback", "/feedback/stream"] {
            try await TestHarness().run { client in
                let response = try await client.send(.post, path, body: body)
                #expect(response.status.code == status, "\(path): \(response.text)")
                #expect(response.detail?.isEmpty == false)
                if let detail { #expect(response.detail == detail) }
            }
        }
    }

    @Test("provider failures are 502/503/504 with a detail, never a 500")
    func providerFailures() async throws {
        let model = ScriptedModel([
            .fail(ProviderError(.server, status: 500, message: "upstream broke", provider: "scripted")),
            .fail(
                ProviderError(
                    .rateLimited,
                    status: 429,
                    message: "slow down",
                    retryAfter: .seconds(7),
                    provider: "scripted"
                )
            ),
            .fail(ProviderError(.timeout, message: "no answer", provider: "scripted")),
        ])
        try await TestHarness(model: model).run { client in
            let body: JSONValue = ["context": "c", "question": "q"]
            let broken = try await client.send(.post, "/feedback", json: body)
            #expect(broken.status == .badGateway)
            #expect(broken.detail == "Model provider error (server): upstream broke")
            let limited = try await client.send(.post, "/feedback", json: body)
            #expect(limited.status == .serviceUnavailable)
            #expect(limited.headers[.retryAfter] == "7")
            let slow = try await client.send(.post, "/feedback", json: body)
            #expect(slow.status == .gatewayTimeout)
        }
    }

    @Test("503 when the server has no feedback model")
    func unconfigured() async throws {
        var registry = ModelRegistry(defaultProvider: "openrouter")
        registry.register("scripted", ScriptedModel())
        let harness = TestHarness(registry: registry)
        let services = ServerServices(
            orchestrator: harness.services.orchestrator,
            feedback: FeedbackService(store: harness.services.store, models: registry, logger: .quiet),
            configuration: .testing
        )
        try await buildApplication(services: services, logger: .quiet).test(.router) { router in
            let client = RouterClient(base: router)
            for path in ["/feedback", "/feedback/stream"] {
                let response = try await client.send(.post, path, json: ["context": "c", "question": "q"])
                #expect(response.status == .serviceUnavailable)
                #expect(response.detail?.hasPrefix("Model provider not configured: ") == true)
            }
        }
    }

    @Test("session feedback keeps the conversation and answers 404 for unknown sessions")
    func sessionFeedback() async throws {
        let model = ScriptedModel([.respond(.answer(Self.answer)), .respond(.answer("FEEDBACK_SUMMARY: Better"))])
        let harness = TestHarness(model: model)
        try await harness.run { client in
            let created = try await client.send(
                .post,
                "/session/create",
                json: ["title": "Proof", "system_prompt": "Be strict", "tags": ["math"]]
            )
            #expect(created.status == .ok)
            let session = try #require(created.json["session_id"]?.stringValue)
            let stored = try await harness.services.store.session(SessionID(session))
            #expect(stored.title == "Proof" && stored.systemPrompt == "Be strict" && stored.tags == ["math"])

            let first = try await client.send(
                .post,
                "/session/feedback",
                json: ["session_id": .string(session), "context": "step one", "question": "ok?"]
            )
            #expect(first.status == .ok)
            #expect(first.json["structured"] == Self.sections)
            let second = try await client.send(
                .post,
                "/session/feedback",
                json: ["session_id": .string(session), "context": "step two", "question": "now?"]
            )
            #expect(second.json["structured"]?["FEEDBACK_SUMMARY"]?.stringValue == "Better")
            let messages = try await harness.services.store.messages(in: SessionID(session))
            #expect(messages.map(\.role) == ["user", "assistant", "user", "assistant"])

            for path in ["/session/feedback", "/session/feedback/stream"] {
                let unknown = try await client.send(
                    .post,
                    path,
                    json: ["session_id": "nope", "context": "c", "question": "q"]
                )
                #expect(unknown.status == .notFound)
                #expect(unknown.detail == "Session nope not found")
            }
            let missing = try await client.send(.post, "/session/feedback", json: ["context": "c", "question": "q"])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.detail == "session_id: field required")
        }
        let secondPrompt = try #require(model.requests.last).transcript
        #expect(secondPrompt.contains("Conversation history:") && secondPrompt.contains("Context: step one"))
        #expect(secondPrompt.contains("Be strict"))
    }

    @Test("POST /session/create accepts an empty object and rejects wrong types")
    func sessionCreate() async throws {
        try await TestHarness().run { client in
            let empty = try await client.send(.post, "/session/create", body: "{}")
            #expect(empty.status == .ok)
            #expect(empty.json["session_id"]?.stringValue?.isEmpty == false)
            let wrong = try await client.send(.post, "/session/create", body: #"{"tags": "math"}"#)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.detail == "tags: expected an array")
        }
    }
}
