//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import Foundation
import GRDB
import Synchronization

/// An ``AgentStore`` on a SQLite file (GRDB `DatabasePool`, WAL, foreign keys, migrations).
///
/// Several processes may open the same file: writes are serialised by SQLite (with a busy
/// timeout) and every compound operation runs in one immediate transaction, so two processes
/// never claim the same task. Readers are never blocked by a writer (WAL).
///
/// ```swift
/// let store = try SQLiteStore(path: "ai2ai.sqlite")
/// ```
public final class SQLiteStore: AgentStore {
    /// How a ``SQLiteStore`` opens its database.
    public struct Configuration: Sendable {
        /// How long a write waits for another process's write to finish before failing.
        /// Default: 5 seconds.
        public var busyTimeout: TimeInterval
        /// How many concurrent readers the pool keeps. Default: 5.
        public var maximumReaderCount: Int
        /// The clock that stamps changes and decides when leases expire. Default: ``SystemClock``.
        /// Every process sharing the file should read the same time (the system clock does).
        public var clock: any AI2AIClock

        /// Creates a configuration.
        /// - Parameters:
        ///   - busyTimeout: How long a write waits for another process's write. Default 5 s.
        ///   - maximumReaderCount: Concurrent readers. Default 5.
        ///   - clock: The store's clock. Default ``SystemClock``.
        public init(
            busyTimeout: TimeInterval = 5,
            maximumReaderCount: Int = 5,
            clock: any AI2AIClock = SystemClock()
        ) {
            self.busyTimeout = busyTimeout
            self.maximumReaderCount = maximumReaderCount
            self.clock = clock
        }
    }

    /// The path of the database file.
    public let path: String
    /// The clock that stamps changes and decides when leases expire.
    public let clock: any AI2AIClock
    let pool: DatabasePool
    /// Where writes wait for the next group commit; it counts the commits that changed rows, for
    /// ``changeToken()``.
    let writes: SQLiteWriteQueue

    /// Opens (or creates) the database at `path` and brings its schema up to date.
    /// - Parameters:
    ///   - path: A file path. Its directory must exist.
    ///   - configuration: Connection settings.
    /// - Throws: ``AI2AIError`` with code `.storage` when the file cannot be opened or created,
    ///   is not a SQLite database, or its schema cannot be migrated, or was written by a newer
    ///   version of AI2AI; the message names the path.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        self.path = path
        self.clock = configuration.clock
        var config = GRDB.Configuration()
        config.busyMode = .timeout(configuration.busyTimeout)
        config.maximumReaderCount = max(1, configuration.maximumReaderCount)
        config.foreignKeysEnabled = true
        config.label = "AI2AI"
        // Before the first table exists (a new file), this makes deleted rows' pages returnable to the
        // file system (SQLiteStore.reclaimSpace()); on an existing file it changes nothing.
        config.prepareDatabase { db in
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL") }
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw AI2AIError(.storage, "Cannot open the database at \(path): \(SQLiteStore.describe(error))")
        }
        writes = SQLiteWriteQueue(pool: pool)
        try SQLiteSchema.migrate(pool, path: path)
    }

    /// Opens a fresh database in a new temporary file, for tests and throw-away sessions.
    /// The file is not deleted automatically.
    /// - Parameter configuration: Connection settings and clock.
    public static func temporary(configuration: Configuration = Configuration()) throws -> SQLiteStore {
        let directory = FileManager.default.temporaryDirectory
        let path = directory.appendingPathComponent("ai2ai-\(UUID().uuidString).sqlite").path
        return try SQLiteStore(path: path, configuration: configuration)
    }

    /// Runs a write in its own savepoint of the next batch's transaction (``SQLiteWriteQueue``),
    /// turning database errors into ``AI2AIError``. Returns once the batch committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            writes.submit(
                SQLiteWriteQueue.Job(
                    run: { db, alone in
                        let result: Result<T, any Error>
                        do {
                            if alone {
                                // The batch's only write: its transaction is its savepoint.
                                result = .success(try body(db))
                            } else {
                                var value: T?
                                try db.inSavepoint {
                                    value = try body(db)
                                    return .commit
                                }
                                guard let value else { throw AI2AIError(.storage, "A write returned no value") }
                                result = .success(value)
                            }
                        } catch let error as AI2AIError {
                            result = .failure(error)
                        } catch {
                            result = .failure(SQLiteStore.map(error))
                        }
                        let answer: SQLiteWriteQueue.Answer = { batchError in
                            if let batchError {
                                continuation.resume(throwing: batchError)
                            } else {
                                continuation.resume(with: result)
                            }
                        }
                        return (answer, result.failed)
                    },
                    fail: { continuation.resume(throwing: $0) }
                )
            )
        }
    }

    /// A value that changes when rows change: `PRAGMA data_version` on the writer connection (which
    /// changes when another connection, another process's included, commits), with this object's
    /// own commits that changed rows. It takes no lock and no transaction.
    public func changeToken() async throws -> UInt64 {
        do {
            let version = try await pool.writeWithoutTransaction { db in
                try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
            }
            return UInt64(truncatingIfNeeded: version) &<< 32 | (writes.changingBatches & 0xFFFF_FFFF)
        } catch {
            throw SQLiteStore.map(error)
        }
    }

    /// Runs a read, turning database errors into ``AI2AIError``.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as AI2AIError {
            throw error
        } catch {
            throw SQLiteStore.map(error)
        }
    }

    /// A database error as an ``AI2AIError``: `.unavailable` when the database stayed busy or
    /// locked past the busy timeout (the transaction was rolled back, so retrying is safe),
    /// `.storage` otherwise.
    static func map(_ error: any Error) -> AI2AIError {
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return AI2AIError(.unavailable, describe(error))
        }
        return AI2AIError(.storage, describe(error))
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return String(describing: error)
    }
}

extension Result {
    /// Whether this is a failure.
    fileprivate var failed: Bool {
        if case .failure = self { return true }
        return false
    }
}
