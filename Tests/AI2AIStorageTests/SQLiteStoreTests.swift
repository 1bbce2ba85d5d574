//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Dispatch
import Foundation
import GRDB
import Testing

@testable import AI2AIStorage

/// What only a store on disk must do.
@Suite struct SQLiteStoreTests {
    private func makeSession(_ store: SQLiteStore, maxRunning: Int = 1) async throws -> (Session, Agent) {
        let session = Session(
            title: "Persisted",
            tags: ["a", "b"],
            createdAt: Date(timeIntervalSince1970: 1_700_000_000)
        )
        let agent = Agent(
            sessionID: session.id,
            index: 0,
            name: "Solo",
            role: "Everything",
            model: "m",
            maxRunning: maxRunning,
            createdAt: Date(timeIntervalSince1970: 1_700_000_000)
        )
        try await store.createSession(session, agents: [agent])
        return (session, agent)
    }

    /// A write that finds the database locked by another connection past the busy timeout is
    /// `.unavailable` (worth retrying), not a `.storage` failure.
    @Test func aDatabaseLockedPastTheBusyTimeoutIsUnavailable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("locked.sqlite")
        let holder = try SQLiteStore(path: path)
        let store = try SQLiteStore(path: path, configuration: .init(busyTimeout: 0.05))
        let (session, _) = try await makeSession(holder)
        let release = DispatchSemaphore(value: 0)
        let (locked, lockedContinuation) = AsyncStream.makeStream(of: Void.self)
        let holding = Task {
            try await holder.pool.write { db in
                try db.execute(sql: "UPDATE session SET title = title WHERE id = ?", arguments: [session.id.rawValue])
                lockedContinuation.yield()
                // Keep the write transaction (and its lock) open until the other store has given up.
                release.wait()
            }
        }
        var lockTaken = locked.makeAsyncIterator()
        await lockTaken.next()
        await #expect(throws: AI2AIError.self) {
            do {
                try await store.appendMessage(
                    SessionMessage(sessionID: session.id, role: "user", content: "hi", createdAt: Date())
                )
            } catch let error as AI2AIError {
                #expect(error.code == .unavailable, "\(error)")
                throw error
            }
        }
        release.signal()
        try await holding.value
        try await store.appendMessage(
            SessionMessage(sessionID: session.id, role: "user", content: "hi", createdAt: Date())
        )
        #expect(try await store.messages(in: session.id).count == 1)
    }

    @Test func dataSurvivesReopening() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("reopen.sqlite")
        var ids: (SessionID, TaskID)
        do {
            let store = try SQLiteStore(path: path)
            let (session, agent) = try await makeSession(store)
            let task = try await store.createTask(
                AgentTask(
                    sessionID: session.id,
                    title: "keep",
                    description: "me",
                    createdBy: "user",
                    assignedTo: agent.id,
                    createdAt: Date(timeIntervalSince1970: 1_700_000_000)
                )
            )
            try await store.setContext(
                ContextEntry(
                    taskID: task.id,
                    key: "k",
                    value: "v",
                    updatedAt: Date(timeIntervalSince1970: 1_700_000_000)
                )
            )
            _ = try await store.finish(task.id, .completed("kept"))
            ids = (session.id, task.id)
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.session(ids.0).tags == ["a", "b"])
        #expect(try await reopened.task(ids.1).result == "kept")
        #expect(try await reopened.context(of: ids.1).first?.value == "v")
    }

    @Test func databaseUsesWALAndForeignKeys() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("wal.sqlite"))
        let mode = try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        let foreignKeys = try await store.pool.read { db in try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") }
        #expect(mode == "wal")
        #expect(foreignKeys == true)
        let indexes = try await store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'task'")
        }
        #expect(Set(indexes).isSuperset(of: ["task_session", "task_assignee_status", "task_parent"]))
    }

    @Test func readersAreNotBlockedByAWriter() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("readers.sqlite"))
        let (session, _) = try await makeSession(store)
        let readerDone = DispatchSemaphore(value: 0)
        let (writerStarted, started) = AsyncStream.makeStream(of: Void.self)

        // The writer holds its transaction open until the reader has finished (or 120 s pass: a loaded
        // machine may be slow to resume the reader, but a blocked reader never finishes).
        let writer = Task {
            try await store.pool.write { db in
                try db.execute(
                    sql: "UPDATE session SET title = 'changing' WHERE id = ?",
                    arguments: [session.id.rawValue]
                )
                started.yield()
                return readerDone.wait(timeout: .now() + .seconds(120)) == .success
            }
        }
        for await _ in writerStarted { break }
        let seen = try await store.session(session.id)
        readerDone.signal()
        let readerFinishedDuringWrite = try await writer.value
        #expect(readerFinishedDuringWrite, "the read completed while the write transaction was open")
        #expect(seen.title == "Persisted", "the reader sees the last committed state")
    }

    @Test func unwritablePathIsAClearError() async throws {
        let path = "/proc/ai2ai-cannot-exist/store.sqlite"
        let error = #expect(throws: AI2AIError.self) { try SQLiteStore(path: path) }
        #expect(error?.code == .storage)
        #expect(error?.message.contains(path) == true)
    }

    @Test func corruptFileIsAClearError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("corrupt.sqlite")
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: AI2AIError.self) { try SQLiteStore(path: path) }
        #expect(error?.code == .storage)
        #expect(error?.message.contains(path) == true)
    }

    @Test func twoStoresOnOneFileNeverClaimTheSameTask() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("shared.sqlite")
        let first = try SQLiteStore(path: path)
        let second = try SQLiteStore(path: path)
        // An agent that may run all of them at once: the point is that no task is claimed twice.
        let (session, agent) = try await makeSession(first, maxRunning: 200)
        for index in 0..<200 {
            _ = try await first.createTask(
                AgentTask(
                    sessionID: session.id,
                    title: "t\(index)",
                    description: "",
                    createdBy: "user",
                    assignedTo: agent.id,
                    createdAt: Date(timeIntervalSince1970: 1_700_000_000)
                )
            )
        }
        let claimed = try await withThrowingTaskGroup(of: [TaskID].self) { group in
            for (number, store) in [first, second, first, second].enumerated() {
                group.addTask {
                    var mine: [TaskID] = []
                    while let task = try await store.claimNextTask(
                        for: agent.id,
                        lease: Lease(owner: "p\(number)", duration: .seconds(60))
                    ) {
                        mine.append(task.id)
                    }
                    return mine
                }
            }
            var all: [TaskID] = []
            for try await batch in group { all += batch }
            return all
        }
        #expect(claimed.count == 200)
        #expect(Set(claimed).count == 200)
    }
}
