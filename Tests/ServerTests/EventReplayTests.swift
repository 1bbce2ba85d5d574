//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import Foundation
import HTTPTypes
import Synchronization
import Testing

@testable import AI2AIServer

/// `GET /multi-agent/events/{session_id}` replays the stored history (with ids) before the live
/// events, and resumes after `Last-Event-ID` or `?after=`: every stored event exactly once, in order.
@Suite("Session event history over SSE: replay and resume", .timeLimit(.minutes(5)))
struct EventReplayTests {
    /// The frames that carry an id, as (id, data).
    static func stored(_ frames: [SSEFrame]) -> [(id: UInt64, data: String)] {
        frames.compactMap { frame in
            guard let id = frame.id.flatMap(UInt64.init), let data = frame.data else { return nil }
            return (id, data)
        }
    }

    static func hasRootCompletion(_ frames: [SSEFrame]) -> Bool {
        frames.contains { $0.event == "task_completed" && $0.json?["task"]?["parent_task_id"] == nil }
    }

    @Test("a client whose connection is cut mid-session resumes with Last-Event-ID; a late client gets it all")
    func cutAndResume() async throws {
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        // The model waits for the test before it answers (and streams its text).
        let model = ScriptedModel(chunkSize: 5) { _ in
            for await _ in gate {}
            return .calling("complete_task", ["result": "finished"], text: "Thinking it over.")
        }
        try await TestHarness(model: model).run(.live) { client in
            let port = try #require(client.port)
            let base = "http://127.0.0.1:\(port)/multi-agent/events/"
            let session = try await client.createSession(["num_agents": 1])
            let sent = try await client.send(
                .post,
                "/multi-agent/message",
                json: ["session_id": .string(session), "message": "Go"]
            )
            #expect(sent.status == .ok)

            // The first connection is cut once it has seen the claim (the task in progress).
            let (_, _, before) = try await SSEClient.read(base + session) { frames in
                frames.contains { $0.json?["to"] == "in_progress" }
            }
            let seen = Self.stored(before)
            let lastID = try #require(seen.last?.id)
            #expect(seen.map(\.id) == Array(1...lastID))

            // It resumes after the last id it saw; the model answers once it is back.
            let (status, _, after) = try await SSEClient.read(
                base + session,
                headers: [("Last-Event-ID", "\(lastID)")],
                onFrame: { frame in if frame.comment == "connected" { open.finish() } },
                until: Self.hasRootCompletion
            )
            #expect(status == 200)
            let resumed = Self.stored(after)
            let all = seen + resumed
            #expect(all.map(\.id) == Array(1...UInt64(all.count)), "every stored event once, in order")
            #expect(after.filter { $0.event == "model_text_delta" }.allSatisfy { $0.id == nil })
            #expect(after.contains { $0.event == "turn_committed" && $0.json?["text"] == "Thinking it over." })

            // A late client gets the same history, and ?after= resumes like Last-Event-ID.
            let (_, _, late) = try await SSEClient.read(base + session) { frames in
                Self.stored(frames).count == all.count
            }
            #expect(Self.stored(late).map(\.id) == all.map(\.id))
            #expect(Self.stored(late).map(\.data) == all.map(\.data))
            #expect(!late.contains { $0.event == "model_text_delta" }, "deltas are live only")
            let (_, _, tail) = try await SSEClient.read(base + session + "?after=\(all.count - 2)") { frames in
                Self.stored(frames).count == 2
            }
            #expect(Self.stored(tail).map(\.data) == all.suffix(2).map(\.data))
        }
    }

    @Test("a resume point that is not a number is a 400")
    func badResumePoints() async throws {
        try await TestHarness().run(.router) { client in
            let session = try await client.createSession(["num_agents": 1])
            let query = try await client.send(.get, "/multi-agent/events/\(session)?after=-1")
            #expect(query.status == .badRequest)
            let name = try #require(HTTPField.Name("Last-Event-ID"))
            let header = try await client.send(.get, "/multi-agent/events/\(session)", headers: [name: "abc"])
            #expect(header.status == .badRequest)
        }
    }
}
