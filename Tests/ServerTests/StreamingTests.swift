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
import NIOHTTP1
import Synchronization
import Testing

@testable import AI2AIServer

@Suite("Server-sent event streams read by a client over a real connection", .timeLimit(.minutes(5)))
struct StreamingTests {
    @Test("GET /multi-agent/events streams the session's events with keep-alive comments")
    func sessionEvents() async throws {
        var configuration = ServerConfiguration.testing
        configuration.keepAliveInterval = .milliseconds(100)
        // The model answers once the client has seen a keep-alive while it was thinking.
        let (keepAlives, keepAliveSeen) = AsyncStream.makeStream(of: Void.self)
        let model = ScriptedModel { _ in
            for await _ in keepAlives { break }
            return .calling("complete_task", ["result": "finished"])
        }
        try await TestHarness(model: model, configuration: configuration).run(.live) { client in
            let port = try #require(client.port)
            let session = try await client.createSession(["num_agents": 1])
            let sent = Mutex(false)
            let (status, contentType, frames) = try await SSEClient.read(
                "http://127.0.0.1:\(port)/multi-agent/events/\(session)",
                onFrame: { frame in
                    if frame.comment == "keep-alive", sent.withLock({ $0 }) { keepAliveSeen.yield() }
                    guard frame.comment == "connected", !sent.withLock({ $0 }) else { return }
                    sent.withLock { $0 = true }
                    let response = try await client.send(
                        .post,
                        "/multi-agent/message",
                        json: ["session_id": .string(session), "message": "Go"]
                    )
                    #expect(response.status == .ok)
                },
                until: { frames in frames.contains { $0.event == "task_completed" } }
            )
            #expect(status == 200)
            #expect(contentType?.hasPrefix("text/event-stream") == true)
            #expect(frames.first?.comment == "connected")
            #expect(
                frames.contains { $0.comment == "keep-alive" },
                "the model answers only after a keep-alive; they come every 100 ms"
            )
            let events = frames.filter { $0.event != nil }
            #expect(events.first?.event == "task_created")
            let created = try #require(events.first?.json)
            #expect(created["type"] == "task_created")
            #expect(created["session_id"]?.stringValue == session)
            #expect(created["task"]?["description"] == "Go")
            let sequences = events.compactMap { $0.id.flatMap(UInt64.init) }
            #expect(sequences.count == events.count && sequences == sequences.sorted())
            let completed = try #require(events.last?.json)
            #expect(completed["task"]?["result"] == "finished")
        }
    }

    @Test("POST /feedback/stream sends metadata before the model answers, then chunks, sections, structured, done")
    func feedbackStream() async throws {
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let model = ScriptedModel(chunkSize: 7) { _ in
            for await _ in gate { break }
            // A final newline, so that the last line also reaches the parser while streaming.
            return .answer(FeedbackRouteTests.answer + "\n")
        }
        try await TestHarness(model: model).run(.live) { client in
            let port = try #require(client.port)
            let (status, contentType, frames) = try await SSEClient.read(
                "http://127.0.0.1:\(port)/feedback/stream",
                method: .POST,
                body: #"{"context": "c", "question": "q"}"#,
                onFrame: { frame in
                    if frame.json?["type"] == "metadata" { open.yield() }
                },
                until: { frames in frames.contains { $0.json?["type"] == "done" } }
            )
            #expect(status == 200)
            #expect(contentType?.hasPrefix("text/event-stream") == true)
            let events = frames.compactMap(\.json)
            #expect(events.count == frames.count, "every frame is a data: JSON event")
            #expect(events.first?["type"] == "metadata")
            #expect(events.first?["content"]?["source_model"] == "feedback-model")
            let chunks = events.filter { $0["type"] == "chunk" }.compactMap { $0["content"]?.stringValue }
            #expect(chunks.count > 5)
            #expect(chunks.joined() == FeedbackRouteTests.answer + "\n")
            let updates = events.filter { $0["type"] == "section_update" }
            #expect(Set(updates.compactMap { $0["section"]?.stringValue }).count == 5)
            #expect(updates.first?["sections"]?["FEEDBACK_SUMMARY"]?.stringValue?.hasPrefix("Good start") == true)
            #expect(events.suffix(2).map { $0["type"] } == ["structured", "done"])
            #expect(events.dropLast().last?["content"] == FeedbackRouteTests.sections)
        }
    }

    @Test("a failing model ends the stream with an error event")
    func feedbackStreamError() async throws {
        let model = ScriptedModel([
            .fail(ProviderError(.authentication, status: 401, message: "bad key", provider: "scripted"))
        ])
        try await TestHarness(model: model).run(.live) { client in
            let port = try #require(client.port)
            let (status, _, frames) = try await SSEClient.read(
                "http://127.0.0.1:\(port)/feedback/stream",
                method: .POST,
                body: #"{"context": "c", "question": "q"}"#,
                until: { _ in false }
            )
            #expect(status == 200)
            let events = frames.compactMap(\.json)
            #expect(events.map { $0["type"] } == ["metadata", "error"])
            #expect(events.last?["content"] == "Model provider error (authentication): bad key")
        }
    }

    @Test("POST /session/feedback/stream stores the exchange before done")
    func sessionFeedbackStream() async throws {
        let model = ScriptedModel([.respond(.answer(FeedbackRouteTests.answer))])
        let harness = TestHarness(model: model)
        try await harness.run(.live) { client in
            let port = try #require(client.port)
            let created = try await client.send(.post, "/session/create", json: ["title": "s"])
            let session = try #require(created.json["session_id"]?.stringValue)
            let (status, _, frames) = try await SSEClient.read(
                "http://127.0.0.1:\(port)/session/feedback/stream",
                method: .POST,
                body: #"{"session_id": "\#(session)", "context": "c", "question": "q"}"#,
                until: { frames in frames.contains { $0.json?["type"] == "done" } }
            )
            #expect(status == 200)
            #expect(frames.compactMap(\.json).last?["type"] == "done")
            let messages = try await harness.services.store.messages(in: SessionID(session))
            #expect(messages.map(\.role) == ["user", "assistant"])
            #expect(messages.last?.content == FeedbackRouteTests.answer)
        }
    }
}
