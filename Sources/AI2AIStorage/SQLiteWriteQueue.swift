//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import GRDB
import Synchronization

/// Group commit for a ``SQLiteStore``: the writes that arrive while a transaction runs are applied
/// together in the next one, each in its own savepoint, on GRDB's writer queue.
///
/// - A write whose body throws rolls back to its savepoint: only its caller gets the error, and the
///   other writes of the batch commit.
/// - A batch whose transaction cannot begin or commit, or that SQLite aborted (a body's error that
///   rolls back the whole transaction, such as a full disk), fails every caller of the batch, and
///   none of its writes is stored.
/// - Callers are answered only after their batch committed, so a caller that reads after its write
///   sees it, and a caller that was answered knows its write is durable.
///
/// With one writer at a time the batch holds one write, and the cost is that of a plain transaction:
/// no timer, no wait for company. Batches form only when writers overlap, which is when they save
/// the most (one lock, one WAL commit and one trip to the writer queue for many callers).
final class SQLiteWriteQueue: Sendable {
    /// One caller's write.
    struct Job: Sendable {
        /// Runs the write in its savepoint of the batch's transaction, or, when it is the batch's
        /// only write (`alone`), in the transaction itself; returns how to answer its caller once
        /// the batch's fate is known, and whether the write failed (a lone write's failure rolls
        /// the transaction back).
        let run: @Sendable (_ db: Database, _ alone: Bool) -> (answer: Answer, failed: Bool)
        /// Answers the caller of a write that never ran: its batch failed before it.
        let fail: @Sendable (any Error) -> Void
    }
    /// Answers a caller: with its own result when the batch committed (`nil`), else with the error
    /// that failed the batch.
    typealias Answer = @Sendable (_ batchError: (any Error)?) -> Void

    private struct State {
        var jobs: [Job] = []
        /// Whether a batch is scheduled on the writer queue (it takes whatever is queued then).
        var scheduled = false
    }

    private let state = Mutex(State())
    private let pool: DatabasePool
    /// How many batches committed changes to rows (``SQLiteStore/changeToken()``).
    private let changes = Atomic<UInt64>(0)
    /// How many batches committed, and how many writes they held (the group commit tests read it).
    private let counts = Mutex((batches: 0, writes: 0))

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// How many batches committed changes to rows, since the store was opened.
    var changingBatches: UInt64 { changes.load(ordering: .relaxed) }

    /// Queues a write; a batch is scheduled unless one is already waiting for the writer queue.
    func submit(_ job: Job) {
        let schedule = state.withLock { state in
            state.jobs.append(job)
            guard !state.scheduled else { return false }
            state.scheduled = true
            return true
        }
        if schedule { scheduleBatch() }
    }

    /// How many batches committed and how many writes they held, since the store was opened.
    var batchCounts: (batches: Int, writes: Int) { counts.withLock { $0 } }

    /// How many writes wait for the next batch.
    var queued: Int { state.withLock { $0.jobs.count } }

    private func scheduleBatch() {
        pool.asyncWriteWithoutTransaction { [self] db in
            runBatch(db)
        }
    }

    /// Takes every queued write and applies them in one immediate transaction; schedules the next
    /// batch when writes arrived meanwhile.
    private func runBatch(_ db: Database) {
        let jobs = state.withLock { state in
            defer { state.jobs.removeAll(keepingCapacity: true) }
            return state.jobs
        }
        var answers: [Answer] = []
        answers.reserveCapacity(jobs.count)
        let changesBefore = db.totalChangesCount
        var batchError: (any Error)?
        var committed = false
        do {
            try db.inTransaction(.immediate) {
                // A write alone needs no savepoint: with nothing else in the transaction, rolling it
                // back is rolling back the write.
                let alone = jobs.count == 1
                var failed = false
                for job in jobs {
                    let (answer, jobFailed) = job.run(db, alone)
                    answers.append(answer)
                    failed = failed || jobFailed
                    // An error that SQLite answers by rolling back the whole transaction: the writes
                    // already applied in this batch are gone too. (A lone write's own error says so.)
                    if !db.isInsideTransaction, !(alone && jobFailed) { throw SQLiteStore.map(BatchAborted()) }
                }
                committed = !(alone && failed)
                return committed ? .commit : .rollback
            }
        } catch {
            batchError = error as? AI2AIError ?? SQLiteStore.map(error)
            committed = false
        }
        if committed {
            if db.totalChangesCount != changesBefore { changes.add(1, ordering: .relaxed) }
            counts.withLock {
                $0.batches += 1
                $0.writes += jobs.count
            }
        }
        let more = state.withLock { state in
            if state.jobs.isEmpty {
                state.scheduled = false
                return false
            }
            return true
        }
        // The next batch is scheduled before the callers are answered, so that the writes they
        // make in answer join the batch after it rather than wait for a new one to be scheduled.
        if more { scheduleBatch() }
        for answer in answers { answer(batchError) }
        // Writes that did not run (the transaction could not begin, or SQLite aborted it first).
        if answers.count < jobs.count {
            let error = batchError ?? SQLiteStore.map(BatchAborted())
            for job in jobs[answers.count...] { job.fail(error) }
        }
    }
}

/// The error of a batch that SQLite rolled back as a whole.
struct BatchAborted: Error, CustomStringConvertible {
    var description: String { "The write transaction was rolled back by SQLite; nothing of it was stored" }
}
