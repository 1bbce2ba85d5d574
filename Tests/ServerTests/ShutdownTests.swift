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
import ServiceLifecycle
import Testing

@testable import AI2AIServer

@Suite("Graceful shutdown", .timeLimit(.minutes(5)))
struct ShutdownTests {
    @Test("a graceful shutdown ends open event streams, stops the agent loops and releases their leases")
    func gracefulShutdown() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ai2ai-server-\(UUID().uuidString).sqlite"
        ).path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        // The model never answers: the task stays in progress until the shutdown.
        let model = ScriptedModel { _ in
            try await suspendUntilCancelled()
            return .answer("never")
        }
        let store = try SQLiteStore(path: path)
        let harness = TestHarness(model: model, store: store)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(services: harness.services, logger: .quiet) { portSink.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [app], logger: .quiet))

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let base = "http://127.0.0.1:\(port)"

            let created = try await SSEClient.readJSON(base + "/multi-agent/create", body: #"{"num_agents": 1}"#)
            let session = try #require(created["session_id"]?.stringValue)

            // Open an event stream, send the message, wait until the stream says the task is being
            // worked, then shut down.
            let (progress, report) = AsyncStream.makeStream(of: String.self)
            tasks.addTask {
                let (status, _, frames) = try await SSEClient.read(
                    base + "/multi-agent/events/\(session)",
                    onFrame: { frame in
                        if frame.comment == "connected" { report.yield("connected") }
                        if frame.event == "task_status_changed", frame.json?["to"] == "in_progress" {
                            report.yield("in_progress")
                        }
                    },
                    until: { _ in false }
                )
                #expect(status == 200)
                #expect(frames.first?.comment == "connected")
            }
            var steps = progress.makeAsyncIterator()
            #expect(await steps.next() == "connected")
            let sent = try await SSEClient.readJSON(
                base + "/multi-agent/message",
                body: #"{"session_id": "\#(session)", "message": "Go"}"#
            )
            let taskID = TaskID(try #require(sent["responses"]?[0]?["task_id"]?.stringValue))
            #expect(await steps.next() == "in_progress")
            #expect(try await store.task(taskID).status == .inProgress)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let task = try await Self.onlyTask(inDatabaseAt: path)
        #expect(task.status == .pending, "the stopped loop gave its task back")
        #expect(task.leaseOwner == nil)
    }
}

extension ShutdownTests {
    /// The only task of a database, read through a fresh store to see what was written.
    fileprivate static func onlyTask(inDatabaseAt path: String) async throws -> AgentTask {
        let reopened = try SQLiteStore(path: path)
        let sessions = try await reopened.sessions(limit: 10, offset: 0)
        let session = try #require(sessions.first)
        let tasks = try await reopened.tasks(.session(session.id))
        return try #require(tasks.first)
    }
}
