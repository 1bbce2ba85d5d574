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
import Synchronization
import Testing

@testable import AI2AIServer

@Suite("Session life cycle routes: list, cancel, delete", .timeLimit(.minutes(5)))
struct SessionRoutesTests {
    /// Sends a request and checks its answer against the document's schema for that status.
    private static func checked(
        _ client: any HarnessClient,
        _ method: HTTPRequest.Method,
        _ template: String,
        _ path: String
    ) async throws -> JSONResponse {
        let validator = SchemaValidator(document: OpenAPIDocument.make(configuration: .testing))
        let response = try await client.send(method, path)
        let schema = try #require(
            validator.responseSchema(
                path: template,
                method: method.rawValue.lowercased(),
                status: Int(response.status.code)
            ),
            "\(method) \(path) answered an undocumented \(response.status.code): \(response.text)"
        )
        let problems = validator.problems(response.json, against: schema)
        #expect(problems.isEmpty, "\(method) \(path) \(response.status.code): \(problems)")
        return response
    }

    @Test("GET /multi-agent/sessions pages newest first with task counts by status")
    func listing() async throws {
        let model = ScriptedModel { _ in .calling("complete_task", ["result": "ok"]) }
        try await TestHarness(model: model).run { client in
            let first = try await client.createSession(["num_agents": 2, "title": "First"])
            let second = try await client.createSession(["num_agents": 1])
            let third = try await client.createSession(["num_agents": 1, "title": "Third"])
            _ = try await client.send(
                .post,
                "/multi-agent/message",
                json: ["session_id": .string(first), "message": "Go"]
            )
            _ = try await client.pollTasks(first) { $0.count == 2 && $0.allSatisfy { $0["status"] == "completed" } }

            let page = try await Self.checked(client, .get, "/multi-agent/sessions", "/multi-agent/sessions?limit=2")
            #expect(page.status == .ok)
            let sessions = try #require(page.json["sessions"]?.arrayValue)
            #expect(sessions.map { $0["session_id"]?.stringValue } == [third, second])
            #expect(sessions.first?["title"] == "Third")
            #expect(sessions.first?["status"] == "idle")
            #expect(page.json["next_offset"] == 2)
            let last = try await Self.checked(
                client,
                .get,
                "/multi-agent/sessions",
                "/multi-agent/sessions?limit=2&offset=2"
            )
            let rest = try #require(last.json["sessions"]?.arrayValue)
            #expect(rest.map { $0["session_id"]?.stringValue } == [first])
            #expect(rest.first?["status"] == "completed")
            #expect(rest.first?["task_counts"]?["completed"] == 2)
            #expect(rest.first?["task_counts"]?["cancelled"] == 0)
            #expect(last.json["next_offset"] == .null)
            let all = try await client.send(.get, "/multi-agent/sessions")
            #expect(all.json["sessions"]?.arrayValue?.count == 3)
            #expect(all.json["limit"] == 50)

            for query in ["limit=0", "limit=201", "limit=ten", "offset=-1", "offset=1.5"] {
                let refused = try await Self.checked(
                    client,
                    .get,
                    "/multi-agent/sessions",
                    "/multi-agent/sessions?\(query)"
                )
                #expect(refused.status == .unprocessableContent, "\(query): \(refused.text)")
            }
        }
    }

    @Test(
        "POST /multi-agent/sessions/{id}/cancel cancels open tasks and stops the model call; again it cancels nothing"
    )
    func cancelSession() async throws {
        let stopped = StopCount()
        let started = StopCount()
        let model = ScriptedModel { _ in
            started.add()
            do {
                try await suspendUntilCancelled()
            } catch {
                stopped.add()
                throw error
            }
            return .answer("never")
        }
        try await TestHarness(model: model).run { client in
            let session = try await client.createSession(["num_agents": 2])
            _ = try await client.send(
                .post,
                "/multi-agent/message",
                json: ["session_id": .string(session), "message": "Go"]
            )
            // Both model calls running (a task is in progress as soon as it is claimed, before its call).
            _ = try await client.pollTasks(session) { tasks in
                tasks.count == 2 && tasks.allSatisfy { $0["status"] == "in_progress" } && started.value == 2
            }
            let template = "/multi-agent/sessions/{session_id}/cancel"
            let cancelled = try await Self.checked(client, .post, template, "/multi-agent/sessions/\(session)/cancel")
            #expect(cancelled.status == .ok)
            #expect(cancelled.json["session_id"]?.stringValue == session)
            #expect(cancelled.json["cancelled_tasks"]?.arrayValue?.count == 2)
            let tasks = try await client.pollTasks(session) { $0.allSatisfy { $0["status"] == "cancelled" } }
            #expect(tasks.allSatisfy { $0["error"] == "Cancelled" })
            let listed = try await client.send(.get, "/multi-agent/sessions")
            #expect(listed.json["sessions"]?[0]?["status"] == "cancelled")

            let again = try await Self.checked(client, .post, template, "/multi-agent/sessions/\(session)/cancel")
            #expect(again.status == .ok)
            #expect(again.json["cancelled_tasks"] == [])
            let unknown = try await Self.checked(client, .post, template, "/multi-agent/sessions/nope/cancel")
            #expect(unknown.status == .notFound)
        }
        #expect(stopped.value == 2)
    }

    @Test("POST /multi-agent/tasks/{session_id}/{task_id}/cancel cancels one task of that session")
    func cancelTask() async throws {
        let model = ScriptedModel { _ in
            try await suspendUntilCancelled()
            return .answer("never")
        }
        try await TestHarness(model: model).run { client in
            let session = try await client.createSession(["num_agents": 2])
            let other = try await client.createSession(["num_agents": 1])
            let sent = try await client.send(
                .post,
                "/multi-agent/message",
                json: ["session_id": .string(session), "message": "Go"]
            )
            let taskIDs = try #require(sent.json["responses"]?.arrayValue?.compactMap { $0["task_id"]?.stringValue })
            let template = "/multi-agent/tasks/{session_id}/{task_id}/cancel"
            let wrong = try await Self.checked(
                client,
                .post,
                template,
                "/multi-agent/tasks/\(other)/\(taskIDs[0])/cancel"
            )
            #expect(wrong.status == .notFound)
            let cancelled = try await Self.checked(
                client,
                .post,
                template,
                "/multi-agent/tasks/\(session)/\(taskIDs[0])/cancel"
            )
            #expect(cancelled.status == .ok)
            #expect(cancelled.json["cancelled_tasks"] == [.string(taskIDs[0])])
            let tasks = try await client.pollTasks(session) { tasks in
                tasks.contains { $0["status"] == "cancelled" } && tasks.contains { $0["status"] == "in_progress" }
            }
            #expect(tasks.first { $0["id"]?.stringValue == taskIDs[0] }?["status"] == "cancelled")
            let missing = try await Self.checked(client, .post, template, "/multi-agent/tasks/\(session)/nope/cancel")
            #expect(missing.status == .notFound)
        }
    }

    @Test("DELETE /multi-agent/sessions/{id} removes a running session; then it is unknown")
    func deleteSession() async throws {
        let model = ScriptedModel { _ in
            try await suspendUntilCancelled()
            return .answer("never")
        }
        let harness = TestHarness(model: model)
        try await harness.run { client in
            let session = try await client.createSession(["num_agents": 2])
            let kept = try await client.createSession(["num_agents": 1])
            _ = try await client.send(
                .post,
                "/multi-agent/message",
                json: ["session_id": .string(session), "message": "Go"]
            )
            _ = try await client.pollTasks(session) { $0.count == 2 && $0.allSatisfy { $0["status"] == "in_progress" } }
            let template = "/multi-agent/sessions/{session_id}"
            let deleted = try await Self.checked(client, .delete, template, "/multi-agent/sessions/\(session)")
            #expect(deleted.status == .ok)
            #expect(deleted.json["success"] == true)
            #expect(try await client.send(.get, "/multi-agent/tasks/\(session)").status == .notFound)
            #expect(try await client.send(.get, "/multi-agent/agents/\(session)").status == .notFound)
            let again = try await Self.checked(client, .delete, template, "/multi-agent/sessions/\(session)")
            #expect(again.status == .notFound)
            let listed = try await client.send(.get, "/multi-agent/sessions")
            #expect(listed.json["sessions"]?.arrayValue?.compactMap { $0["session_id"]?.stringValue } == [kept])
            let wrongMethod = try await client.send(.get, "/multi-agent/sessions/\(kept)")
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "DELETE")
        }
    }

    @Test("AI2AI_RETENTION_DAYS sets the orchestrator's retention; unset, sessions are kept")
    func retentionFromEnvironment() throws {
        #expect(try ServerConfiguration(environment: [:]).orchestrator.retention == nil)
        let configuration = try ServerConfiguration(environment: ["AI2AI_RETENTION_DAYS": "2"])
        #expect(configuration.orchestrator.retention == .seconds(172_800))
        #expect(try ServerConfiguration(environment: ["AI2AI_RETENTION_DAYS": "0.5"]).retention == .seconds(43_200))
    }
}

/// Counts model calls that were cancelled.
private final class StopCount: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
