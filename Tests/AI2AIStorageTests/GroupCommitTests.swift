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
import Synchronization
import Testing

@testable import AI2AIStorage

/// Group commit (issue 15): the writes that wait while a transaction runs share the next one, each
/// in its own savepoint.
@Suite("SQLiteStore commits concurrent writes together, and one caller's error fails only that caller")
struct GroupCommitTests {
    private struct Refused: Error {}

    private final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    /// Holds GRDB's writer queue in a write until `release`, so that the writes made meanwhile
    /// queue up and form the next batch; returns once the holding write runs.
    private static func holdWriter(
        _ store: SQLiteStore,
        until release: DispatchSemaphore
    ) async -> Task<Void, any Error> {
        let running = Flag()
        let holder = Task {
            try await store.write { _ in
                running.value.store(true, ordering: .releasing)
                release.wait()
            }
        }
        while !running.value.load(ordering: .acquiring) { await Task.yield() }
        return holder
    }

    /// Waits until `count` writes wait for the next batch (the writer is held, so they stay queued).
    private static func waitUntilQueued(_ store: SQLiteStore, _ count: Int) async {
        while store.writes.queued < count { await Task.yield() }
    }

    private static func rows(_ store: SQLiteStore) async throws -> [Int] {
        try await store.pool.read { db in try Int.fetchAll(db, sql: "SELECT x FROM scratch ORDER BY x") }
    }

    private static func makeStore(_ directory: TemporaryDirectory) async throws -> SQLiteStore {
        let store = try SQLiteStore(path: directory.path("batch.sqlite"))
        try await store.write { db in try db.execute(sql: "CREATE TABLE scratch (x INTEGER PRIMARY KEY)") }
        return store
    }

    @Test("twenty writes that wait share one transaction; the one that throws is the only one refused")
    func oneCallersErrorFailsOnlyThatCaller() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.makeStore(directory)
        let before = store.writes.batchCounts
        let release = DispatchSemaphore(value: 0)
        let holder = await Self.holdWriter(store, until: release)
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for x in 1...20 {
                group.addTask {
                    do {
                        try await store.write { db in
                            try db.execute(sql: "INSERT INTO scratch (x) VALUES (?)", arguments: [x])
                            if x == 7 { throw Refused() }
                        }
                        return (x, true)
                    } catch {
                        return (x, false)
                    }
                }
            }
            await Self.waitUntilQueued(store, 20)
            release.signal()
            var outcomes: [Int: Bool] = [:]
            for try await (x, stored) in group { outcomes[x] = stored }
            return outcomes
        }
        try await holder.value
        #expect(outcomes.filter { !$0.value }.map(\.key) == [7])
        // Row 7's insert was rolled back with its savepoint; the others committed.
        #expect(try await Self.rows(store) == Array(1...20).filter { $0 != 7 })
        let after = store.writes.batchCounts
        #expect(after.batches - before.batches == 2, "the held write, then the twenty together")
        #expect(after.writes - before.writes == 21)
    }

    @Test("a batch whose transaction SQLite ends fails every caller of the batch and stores none of it")
    func anAbortedBatchFailsEveryCaller() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.makeStore(directory)
        let release = DispatchSemaphore(value: 0)
        let holder = await Self.holdWriter(store, until: release)
        let outcomes = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for x in 1...3 {
                group.addTask {
                    do {
                        try await store.write { db in
                            try db.execute(sql: "INSERT INTO scratch (x) VALUES (?)", arguments: [x])
                            // As SQLite does on a full disk or an I/O error: the whole transaction is gone.
                            if x == 2 { try db.execute(sql: "ROLLBACK") }
                        }
                        return (x, nil)
                    } catch {
                        return (x, String(describing: error))
                    }
                }
                // In this order: the second write ends the transaction after the first one's insert.
                await Self.waitUntilQueued(store, x)
            }
            release.signal()
            var outcomes: [Int: String?] = [:]
            for try await (x, error) in group { outcomes[x] = error }
            return outcomes
        }
        try await holder.value
        #expect(outcomes.count == 3)
        #expect(outcomes.values.allSatisfy { $0 != nil }, "every caller of the batch is told: \(outcomes)")
        #expect(try await Self.rows(store).isEmpty, "nothing of the batch is stored")
        // The store goes on: the next write commits alone.
        try await store.write { db in try db.execute(sql: "INSERT INTO scratch (x) VALUES (4)") }
        #expect(try await Self.rows(store) == [4])
    }

    @Test("a write alone in its transaction that throws stores nothing of what it did")
    func aLoneWriteThatThrowsIsRolledBack() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.makeStore(directory)
        let before = store.writes.changingBatches
        await #expect(throws: AI2AIError.self) {
            try await store.write { db in
                try db.execute(sql: "INSERT INTO scratch (x) VALUES (1)")
                throw Refused()
            }
        }
        #expect(try await Self.rows(store).isEmpty)
        #expect(store.writes.changingBatches == before, "a rolled-back write changes no row")
        try await store.write { db in try db.execute(sql: "INSERT INTO scratch (x) VALUES (2)") }
        #expect(try await Self.rows(store) == [2])
    }
}
