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
import NIOCore
import Testing

@testable import AI2AIServer

/// The document describes each event of a `text/event-stream` answer as a client reads it
/// (`{"event", "data", "id"}`, `event` being `message` when the frame names none), with the JSON of
/// `data` described by `contentMediaType` and `contentSchema`.
@Suite("Every server-sent event matches the schema the document gives its stream", .timeLimit(.minutes(5)))
struct EventStreamSchemaTests {
    static let document = OpenAPIDocument.make(configuration: .testing)
    static let validator = SchemaValidator(document: document)

    /// The per-event schema of a stream answer.
    static func eventSchema(_ path: String) throws -> JSONValue {
        try #require(
            document["paths"]?[path]?["post"]?["responses"]?["200"]?["content"]?["text/event-stream"]?["schema"]
                ?? document["paths"]?[path]?["get"]?["responses"]?["200"]?["content"]?["text/event-stream"]?["schema"],
            "\(path) documents no text/event-stream schema"
        )
    }

    /// A frame as an event-stream client reads it.
    static func event(_ frame: SSEFrame) -> JSONValue {
        var event: [String: JSONValue] = [
            "event": .string(frame.event ?? "message"), "data": .string(frame.data ?? ""),
        ]
        if let id = frame.id { event["id"] = .string(id) }
        return .object(event)
    }

    static func frames(_ buffer: ByteBuffer) -> [SSEFrame] {
        var splitter = SSEFrameSplitter()
        return splitter.consume(buffer).filter { $0.comment == nil }
    }

    /// One session event of each kind; the switch below stops compiling when a kind is added.
    static var sessionEvents: [SessionEvent] {
        let session = SessionID("s")
        let agent = AgentID("a")
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let task = AgentTask(
            sessionID: session,
            title: "t",
            description: "d",
            createdBy: "user",
            assignedTo: agent,
            createdAt: date
        )
        var finished = task
        finished.status = .completed
        finished.result = "r"
        finished.completedAt = date
        finished.parentTaskID = TaskID("p")
        finished.leaseOwner = "worker"
        finished.leaseExpiresAt = date
        var failed = task
        failed.status = .failed
        failed.error = "e"
        let kinds: [SessionEvent.Kind] = [
            .taskCreated(task), .taskStatusChanged(taskID: task.id, from: .pending, to: .inProgress),
            .taskDelegated(parentID: task.id, child: finished),
            .update(
                TaskUpdate(
                    taskID: task.id,
                    sessionID: session,
                    kind: .progress,
                    author: "a",
                    content: "c",
                    createdAt: date
                )
            ),
            .context(ContextEntry(taskID: task.id, key: "k", value: "v", updatedAt: date)),
            .modelTextDelta(taskID: task.id, agentID: agent, text: "x\ny"),
            .turnCommitted(
                taskID: task.id,
                agentID: agent,
                turn: 0,
                text: "x\ny",
                usage: Usage(inputTokens: 5, outputTokens: 2)
            ),
            .modelRetry(taskID: task.id, agentID: agent, attempt: 2, wait: .milliseconds(1_500), reason: "r"),
            .taskCompleted(finished),
            .taskFailed(failed), .agentStarted(agent), .agentStopped(agent), .sessionCancelled, .sessionDeleted,
        ]
        return kinds.enumerated().map { index, kind in
            var event = SessionEvent(sessionID: session, sequence: UInt64(index + 1), timestamp: date, kind: kind)
            if case .modelTextDelta = kind { event.deltaIndex = 3 }
            return event
        }
    }

    /// Names every kind, so that a new kind needs a sample above.
    static func covered(_ kind: SessionEvent.Kind) -> Bool {
        switch kind {
        case .taskCreated, .taskStatusChanged, .taskDelegated, .update, .context, .modelTextDelta, .turnCommitted,
            .modelRetry, .taskCompleted, .taskFailed, .agentStarted, .agentStopped, .sessionCancelled, .sessionDeleted:
            true
        }
    }

    @Test("each kind of session event, framed as GET /multi-agent/events sends it, matches the documented schema")
    func sessionEventKinds() throws {
        let schema = try Self.eventSchema("/multi-agent/events/{session_id}")
        let events = Self.sessionEvents
        #expect(events.allSatisfy { Self.covered($0.kind) })
        #expect(Set(events.map(\.type)).count == events.count)
        // Every kind has a schema, and a sample here: SessionEvent.allTypes lists them all.
        #expect(events.map(\.type) == SessionEvent.allTypes)
        for event in events {
            let frame = try ServerSentEvent.json(
                event,
                event: event.type,
                id: event.isStored ? "\(event.sequence)" : nil
            )
            .encoded()
            let parsed = try #require(Self.frames(frame).first)
            let problems = Self.validator.problems(Self.event(parsed), against: schema)
            #expect(problems.isEmpty, "\(event.type): \(problems)")
        }
        // A turn without a model call (replayed after a crash) has no usage, and still matches.
        let committed = try #require(events.first { $0.type == "turn_committed" })
        var withoutUsage = committed
        withoutUsage.kind = .turnCommitted(taskID: TaskID("t"), agentID: AgentID("a"), turn: 1, text: "", usage: nil)
        let bare = try ServerSentEvent.json(withoutUsage, event: withoutUsage.type, id: "7").encoded()
        let problems = Self.validator.problems(Self.event(try #require(Self.frames(bare).first)), against: schema)
        #expect(problems.isEmpty, "turn_committed without usage: \(problems)")
        // A frame of one kind with the data of another does not match.
        let mismatched: JSONValue = [
            "event": "agent_started", "id": "1",
            "data": .string(try #require(String(data: JSONEncoder.ai2ai.encode(events[0]), encoding: .utf8))),
        ]
        #expect(!Self.validator.problems(mismatched, against: schema).isEmpty)
    }

    @Test("each kind of feedback event matches the schema of both feedback streams")
    func feedbackEventKinds() throws {
        let sections = FeedbackSections()
        let events: [FeedbackStreamEvent] = [
            .metadata(FeedbackMetadata(sourceModel: "m", timestamp: Date())), .chunk("c"),
            .sectionUpdate(.feedbackSummary, added: "a", sections: sections), .structured(sections), .done,
            .error("e"),
        ]
        for path in ["/feedback/stream", "/session/feedback/stream"] {
            let schema = try Self.eventSchema(path)
            for event in events {
                let parsed = try #require(Self.frames(try ServerSentEvent.json(event).encoded()).first)
                let problems = Self.validator.problems(Self.event(parsed), against: schema)
                #expect(problems.isEmpty, "\(path) \(event): \(problems)")
            }
            #expect(
                !Self.validator.problems(["event": "message", "data": #"{"type": "chunk"}"#], against: schema).isEmpty
            )
        }
    }

    @Test("the events of a real feedback stream match the documented schema")
    func feedbackStream() async throws {
        let model = ScriptedModel(chunkSize: 9) { _ in .answer(FeedbackRouteTests.answer) }
        let schema = try Self.eventSchema("/feedback/stream")
        try await TestHarness(model: model).run { client in
            let response = try await client.executeRequest(
                uri: "/feedback/stream",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"context": "c", "question": "q"}"#)
            )
            let frames = Self.frames(response.body)
            #expect(frames.count > 5)
            for frame in frames {
                let problems = Self.validator.problems(Self.event(frame), against: schema)
                #expect(problems.isEmpty, "\(frame): \(problems)")
            }
        }
    }

    @Test("the events of a real session stream match the documented schema")
    func sessionStream() async throws {
        let model = ScriptedModel { request in
            request.tools.isEmpty ? .answer("ok") : .calling("complete_task", ["result": "finished"])
        }
        let schema = try Self.eventSchema("/multi-agent/events/{session_id}")
        try await TestHarness(model: model).run(.live) { client in
            let port = try #require(client.port)
            let session = try await client.createSession(["num_agents": 1])
            let (_, _, frames) = try await SSEClient.read(
                "http://127.0.0.1:\(port)/multi-agent/events/\(session)",
                onFrame: { frame in
                    guard frame.comment == "connected" else { return }
                    _ = try await client.send(
                        .post,
                        "/multi-agent/message",
                        json: ["session_id": .string(session), "message": "Go"]
                    )
                },
                until: { frames in frames.contains { $0.event == "task_completed" } }
            )
            let events = frames.filter { $0.comment == nil }
            #expect(events.count >= 3)
            for frame in events {
                let problems = Self.validator.problems(Self.event(frame), against: schema)
                #expect(problems.isEmpty, "\(frame): \(problems)")
            }
        }
    }

    @Test("an integer outside 64 bits in target_agents is a 422 that names the field")
    func hugeTargetIndex() async throws {
        try await TestHarness().run { client in
            let session = try await client.createSession(["num_agents": 1])
            for index in ["99999999999999999999", "-99999999999999999999", "1e400", "1.5"] {
                let response = try await client.send(
                    .post,
                    "/multi-agent/message",
                    body: #"{"session_id": "\#(session)", "message": "m", "target_agents": [\#(index)]}"#
                )
                #expect(response.status == .unprocessableContent, "\(index): \(response.text)")
                #expect(response.detail?.hasPrefix("target_agents[0]") == true, "\(index): \(response.text)")
            }
        }
    }

    @Test("the lengths of agent_names, agent_roles and agent_models follow num_agents in the schema too")
    func listLengthsInSchema() throws {
        let schema = try #require(Self.validator.resolve("#/components/schemas/CreateMultiAgentRequest"))
        for field in ["agent_names", "agent_roles", "agent_models"] {
            let two: JSONValue = ["num_agents": 2, field: ["a", "b"]]
            #expect(Self.validator.problems(two, against: schema).isEmpty, "\(field)")
            let short: JSONValue = ["num_agents": 3, field: ["a", "b"]]
            #expect(!Self.validator.problems(short, against: schema).isEmpty, "\(field) with 2 entries for 3 agents")
            let long: JSONValue = ["num_agents": 1, field: ["a", "b"]]
            #expect(!Self.validator.problems(long, against: schema).isEmpty, "\(field) with 2 entries for 1 agent")
        }
    }
}
