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

/// What the long acceptance runs of issue 13 share: their gate, and the sessions they drive
/// through a server's HTTP API.
enum Soak {
    /// The long runs are skipped unless `AI2AI_SOAK=1` (each takes minutes).
    static let isEnabled = ProcessInfo.processInfo.environment["AI2AI_SOAK"] == "1"
    /// Why they are skipped by default.
    static let skipReason: Comment =
        "a soak of several minutes; run it with AI2AI_SOAK=1 swift test --filter <suite> (Documentation/Performance.md)"

    /// A temporary SQLite file path and a cleanup for it and its `-wal` and `-shm` companions.
    static func databasePath(_ label: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ai2ai-\(label)-\(UUID().uuidString).sqlite").path
    }

    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Runs `body` with a fake provider answering through `responder` and a throwaway database
    /// path; the fake is shut down and the database removed whatever happens.
    static func withFakeProvider(
        _ label: String,
        _ responder: @escaping FakeProviderServer.Responder,
        body: (FakeProviderServer, _ database: String) async throws -> Void
    ) async throws {
        let fake = try await FakeProviderServer.start(responder: responder)
        let database = databasePath(label)
        defer { removeDatabase(database) }
        do {
            try await body(fake, database)
        } catch {
            try await fake.shutdown()
            throw error
        }
        try await fake.shutdown()
    }

    /// The environment of a server on `database` whose default provider is the fake at `providerURL`.
    static func environment(database: String, providerURL: String, lease: Int? = nil) -> [String: String] {
        var environment = [
            "DATABASE_URL": "sqlite://\(database)",
            "OPENAI_API_KEY": "sk-soak", "OPENAI_BASE_URL": providerURL + "/v1",
            "DEFAULT_PROVIDER": "openai", "DEFAULT_MODEL": "openai:gpt-fake",
        ]
        if let lease { environment["AI2AI_LEASE_SECONDS"] = "\(lease)" }
        return environment
    }

    /// Creates a three-agent session (Lead, Researcher, Writer) and sends its lead a message.
    /// - Returns: The session's id.
    static func startTeamSession(base: String) async throws -> String {
        let created = try await SSEClient.readJSON(
            base + "/multi-agent/create",
            body: #"{"num_agents": 3, "agent_names": ["Lead", "Researcher", "Writer"]}"#
        )
        let session = try #require(created["session_id"]?.stringValue)
        let sent = try await SSEClient.readJSON(
            base + "/multi-agent/message",
            body: #"{"session_id": "\#(session)", "message": "Write a report", "target_agents": [0]}"#
        )
        try #require(sent["session_id"]?.stringValue == session, "\(sent)")
        return session
    }

    /// The task lists of the sessions that have not ended yet, merged into `known`.
    /// - Throws: When the server does not answer, an error with the end of its log.
    static func poll(
        _ server: ServerProcess,
        base: String,
        sessions: [String],
        known: [String: [JSONValue]]
    ) async throws -> [String: [JSONValue]] {
        var result = known
        for session in sessions where !(known[session].map(hasEnded) ?? false) {
            do {
                result[session] = try await tasks(base: base, session: session)
            } catch {
                let state =
                    server.process.isRunning ? "running" : "exited with \(server.process.terminationStatus)"
                throw ServerDown(reason: "\(error)", state: state, log: String(server.log.suffix(4_000)))
            }
        }
        return result
    }

    /// Polls the sessions' task lists until every session has ended, and returns them all, read
    /// afresh. The sessions are worked by other processes, whose events do not reach this one
    /// (each process streams only its own), so their end is polled over HTTP, every 250 ms.
    static func waitUntilEnded(
        _ server: ServerProcess,
        base: String,
        sessions: [String],
        known: [String: [JSONValue]]
    ) async throws -> [String: [JSONValue]] {
        var tasksBySession = known
        while !sessions.allSatisfy({ tasksBySession[$0].map(Soak.hasEnded) ?? false }) {
            try await Task.sleep(for: .milliseconds(250))
            tasksBySession = try await poll(server, base: base, sessions: sessions, known: tasksBySession)
        }
        return try await poll(server, base: base, sessions: sessions, known: [:])
    }

    /// A server that stopped answering.
    struct ServerDown: Error, CustomStringConvertible {
        var reason: String
        var state: String
        var log: String

        var description: String { "the server did not answer (\(reason)); it is \(state); its log ends:\n\(log)" }
    }

    /// A session's tasks as the server lists them.
    static func tasks(base: String, session: String) async throws -> [JSONValue] {
        try await SSEClient.readJSON(base + "/multi-agent/tasks/\(session)", body: nil)["tasks"]?.arrayValue ?? []
    }

    /// Whether the root task of a session's task list has ended.
    static func hasEnded(_ tasks: [JSONValue]) -> Bool { FaultRunTests.hasEnded(tasks) }

    /// The end of a set of sessions, from their task lists.
    struct Outcome: CustomStringConvertible {
        /// Sessions whose root task completed.
        var completed = 0
        /// Sessions whose root task ended otherwise.
        var failed = 0
        /// `parent / title / description` of every subtask created more than once.
        var duplicateSubtasks: [String] = []
        /// The errors of tasks failed because their lease expired too often.
        var leaseFailures: [String] = []
        /// Every task error, with how often it occurred.
        var errors: [String: Int] = [:]
        /// Tasks in all.
        var tasks = 0

        init(_ tasksBySession: [String: [JSONValue]]) {
            for tasks in tasksBySession.values {
                self.tasks += tasks.count
                let root = tasks.first { $0["parent_task_id"] == .null }
                if root?["status"] == "completed" { completed += 1 } else { failed += 1 }
                var seen: [String: Int] = [:]
                for task in tasks {
                    if let error = task["error"]?.stringValue {
                        errors[error, default: 0] += 1
                        if error.localizedCaseInsensitiveContains("abandoned after") { leaseFailures.append(error) }
                    }
                    guard let parent = task["parent_task_id"]?.stringValue else { continue }
                    let key = [parent, task["title"]?.stringValue ?? "", task["description"]?.stringValue ?? ""]
                    seen[key.joined(separator: " / "), default: 0] += 1
                }
                duplicateSubtasks += seen.filter { $0.value > 1 }.map { "\($0.key) ×\($0.value)" }
            }
        }

        var description: String {
            "\(completed) completed, \(failed) not completed, \(tasks) tasks, "
                + "\(duplicateSubtasks.count) duplicated subtasks, \(leaseFailures.count) tasks failed for lease expiry"
                + (errors.isEmpty ? "" : "; errors: \(errors)")
        }
    }
}
