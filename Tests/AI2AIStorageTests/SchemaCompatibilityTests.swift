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
import GRDB
import Testing

/// Database files written by earlier versions open and migrate; files written by newer versions
/// are refused before anything is written.
@Suite struct SchemaCompatibilityTests {
    /// `Fixtures/wave1.sqlite` was written by the `ai2ai` CLI of the first release (schema v1)
    /// against a fake provider: a delegated three-agent session, a failed session, a session whose
    /// process was killed while its task was in progress, and a feedback session.
    static let hamlet = SessionID("16069ff0-5b29-48fd-a6a0-8038c74722c4")
    static let interrupted = SessionID("9ac0c10f-4db3-4059-b952-964191c2a1ed")
    static let feedback = SessionID("e86dd1c7-ceb2-44bf-9d2d-ddd54d65618f")

    /// A copy of the wave-1 database in a temporary directory (the bundled file stays untouched).
    static func wave1Copy(in directory: TemporaryDirectory) throws -> String {
        let fixture = try #require(
            Bundle.module.url(forResource: "wave1", withExtension: "sqlite", subdirectory: "Fixtures")
        )
        let path = directory.path("wave1.sqlite")
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        return path
    }

    @Test func aWaveOneDatabaseOpensAndKeepsEverything() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: try Self.wave1Copy(in: directory))

        let sessions = try await store.sessions(limit: 10, offset: 0)
        #expect(Set(sessions.map(\.id)).isSuperset(of: [Self.hamlet, Self.interrupted, Self.feedback]))
        #expect(sessions.count == 4)

        let tasks = try await store.tasks(.session(Self.hamlet))
        #expect(tasks.count == 15)
        #expect(tasks.filter { $0.status == .completed }.count == 7)
        #expect(tasks.filter { $0.parentTaskID == nil }.count == 1)
        let root = try #require(tasks.first { $0.parentTaskID == nil })
        #expect(root.status == .completed)
        #expect(root.result == "Done: é 🙂 part")
        #expect(try await store.context(of: root.id).map(\.key) == ["plan"])
        #expect(try await store.turns(of: root.id).count >= 2)
        let usage = try await store.usage(.session(Self.hamlet))
        #expect(usage.inputTokens == 1100)
        #expect(usage.outputTokens == 220)

        let open = try await store.tasks(.session(Self.interrupted))
        #expect(open.map(\.status) == [.inProgress])
        #expect(open.first?.leaseOwner != nil)

        let messages = try await store.messages(in: Self.feedback)
        #expect(messages.map(\.role) == ["user", "assistant"])
    }

    @Test func theInterruptedTaskOfAWaveOneDatabaseIsRecovered() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.wave1Copy(in: directory)
        let task = try #require(try await SQLiteStore(path: path).tasks(.session(Self.interrupted)).first)
        // The lease was taken on 2026-12-01 for 30 seconds: a store whose clock reads one second
        // after its end finds it expired.
        let leaseEnd = try #require(task.leaseExpiresAt)
        let clock = ManualClock(now: leaseEnd.addingTimeInterval(1))
        let store = try SQLiteStore(path: path, configuration: .init(clock: clock))
        let recovered = try await store.recoverExpiredLeases(maxAttempts: 3)
        #expect(recovered.map(\.id) == [task.id])
        #expect(recovered.first?.status == .pending)
        // A claim of the earlier version may have called its model: its expiry is charged.
        #expect(recovered.first?.attempt == 1)

        // The migrated agents are routed by their model's provider, one task at a time, and the
        // recovered task is claimed by the cross-session claim.
        let agents = try await store.agents(in: Self.interrupted)
        #expect(agents.map(\.provider) == ["openai", "openai"])
        #expect(agents.map(\.maxRunning) == [1, 1])
        let lease = Lease(owner: "wave2", duration: .seconds(30))
        #expect(try await store.claimNext(ClaimRequest(lease: lease, providers: ["ollama"])) == nil)
        let claimed = try await store.claimNext(ClaimRequest(lease: lease, providers: ["openai"]))
        #expect(claimed?.task.id == task.id)
        #expect(claimed?.session.id == Self.interrupted)
        #expect(claimed?.roster.count == 2)
    }

    @Test func aDatabaseOfANewerVersionIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("newer.sqlite")
        do {
            let store = try SQLiteStore(path: path)
            try await store.createSession(Session(title: "kept", createdAt: Date()), agents: [])
        }
        // What a later release would have recorded after migrating further.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v999-from-the-future')")
        }
        try queue.close()

        let error = try #require(throws: AI2AIError.self) { try SQLiteStore(path: path) }
        #expect(error.code == .storage)
        #expect(error.message.contains("newer version of AI2AI"))
        #expect(error.message.contains("v999-from-the-future"))
        #expect(error.message.contains(path))
    }
}
