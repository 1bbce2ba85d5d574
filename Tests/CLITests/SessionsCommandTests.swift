//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import AI2AITesting
import Foundation
import Testing

/// `ai2ai sessions`: each session's state, newest first, and JSON without blank lines; `is_active`
/// after a run.
@Suite struct SessionsCommandTests {
    /// A database with one session in each state, created a minute apart in this order.
    private func sessionsInEveryState() async throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        let path = folder.file("states.sqlite")
        let store = try SQLiteStore(path: path)
        let start = Date().addingTimeInterval(-3600)
        for (offset, name) in ["empty", "finished", "failed", "stopped", "running"].enumerated() {
            let session = Session(
                id: SessionID("session-\(name)"),
                title: "The \(name) one",
                createdAt: start.addingTimeInterval(Double(offset) * 60)
            )
            let agent = Agent.solo(in: session, createdAt: session.createdAt)
            try await store.createSession(session, agents: [agent])
            guard name != "empty" else { continue }
            let task = try await store.createTask(
                AgentTask(
                    sessionID: session.id,
                    title: "Work",
                    description: "Work",
                    createdBy: "user",
                    assignedTo: agent.id,
                    createdAt: session.createdAt
                )
            )
            guard name != "stopped" else { continue }
            // Claimed by "another process" whose lease lasts an hour.
            let lease = Lease(owner: "elsewhere", duration: .seconds(3600))
            _ = try #require(try await store.claimNextTask(for: agent.id, lease: lease))
            switch name {
            case "finished": _ = try await store.finish(task.id, .completed("done"))
            case "failed": _ = try await store.finish(task.id, .failed("no"))
            default: break
            }
        }
        return (folder, path)
    }

    @Test func listsStatesNewestFirstWithPlurals() async throws {
        let (folder, path) = try await sessionsInEveryState()
        _ = folder
        let result = try await CLIRunner.run(["sessions", "--db", path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.map { line in String(line.prefix(while: { $0 != " " })) } == [
                "session-running", "session-stopped", "session-failed", "session-finished", "session-empty",
            ]
        )
        let expected = [
            "  running  1 task (1 in_progress)", "  needs resume  1 task (1 pending)", "  failed  1 task (1 failed)",
            "  finished  1 task (1 completed)", "  empty  0 tasks",
        ]
        for (line, text) in zip(lines, expected) {
            #expect(line.contains(text), "\(line)")
        }
    }

    @Test func jsonHasTheStateAndNoBlankLines() async throws {
        let (folder, path) = try await sessionsInEveryState()
        _ = folder
        let result = try await CLIRunner.run(["sessions", "--db", path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let listed = try #require(try result.stdoutJSON().arrayValue)
        #expect(listed.map { $0["state"] } == ["running", "needs_resume", "failed", "finished", "empty"])
        #expect(listed.map { $0["status"] } == ["active", "active", "failed", "completed", "idle"])
        // Every session has `"tags": []`: an empty array, written without a blank line inside.
        #expect(listed.allSatisfy { $0["tags"] == .array([]) })
        #expect(result.stdout.contains("[]"))
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty }, "\(result.stdout)")
    }

    @Test func agentsAreActiveOnlyWhileAProcessWorksTheSession() async throws {
        let (folder, path) = try await sessionsInEveryState()
        _ = folder
        for (session, active) in [("session-running", true), ("session-stopped", false), ("session-finished", false)] {
            let result = try await CLIRunner.run(["agents", session, "--db", path, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try result.stdoutJSON().arrayValue?.first?["is_active"] == .bool(active), "\(session)")
        }
    }

    @Test func agentsAreNotActiveOnceARunHasEnded() async throws {
        let server = try await FakeProviderServer.start(responses: [RunCommandTests.complete("done")])
        defer { Task { try? await server.shutdown() } }
        let folder = try TemporaryFolder()
        let path = folder.file("run.sqlite")
        let run = try await CLIRunner.run(
            ["run", "Go", "--agents", "1", "--model", "openai:fake-model", "--db", path, "--json"],
            environment: ["OPENAI_BASE_URL": server.baseURL + "/v1"]
        )
        #expect(run.status == 0, "\(run.stderr)")
        let report = try run.stdoutJSON()
        #expect(report["agents"]?.arrayValue?.first?["is_active"] == false)
        let sessionID = try #require(report["session"]?["id"]?.stringValue)
        let agents = try await CLIRunner.run(["agents", sessionID, "--db", path, "--json"])
        #expect(try agents.stdoutJSON().arrayValue?.first?["is_active"] == false)
        let sessions = try await CLIRunner.run(["sessions", "--db", path])
        #expect(sessions.stdout.contains("  finished  1 task (1 completed)"), "\(sessions.stdout)")
    }
}

extension Agent {
    /// The one agent of a session stored by a test ("Solo", on the fake OpenAI model).
    static func solo(in session: Session, createdAt: Date) -> Agent {
        Agent(
            sessionID: session.id,
            index: 0,
            name: "Solo",
            role: "Works",
            model: "openai:fake-model",
            createdAt: createdAt
        )
    }
}
