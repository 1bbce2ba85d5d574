//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AIPostgres
import ArgumentParser
import Foundation

/// The `--db` option of the commands that may create a database (`run`, `feedback`): a file, a
/// PostgreSQL URL, or `memory`.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: """
            The SQLite database file, a PostgreSQL URL (postgres://user:password@host:port/database), \
            or 'memory' for a database that is gone when the command ends.
            """,
        completion: .file()
    )
    var db: String = "ai2ai.sqlite"

    /// Whether `--db` names a PostgreSQL database.
    var isPostgres: Bool { Self.isPostgres(db) }

    /// `--db` as it may be shown: a PostgreSQL URL without its password.
    var label: String { isPostgres ? PostgresStore.Configuration.redacted(db) : db }

    /// Whether the store is a file that outlives the command.
    var isPersistent: Bool { !Self.isMemory(db) }

    /// Opens the store, turning failure into a message that names the path (or the server).
    /// - Parameter mustExist: Refuse (exit 3) an SQLite file that does not exist instead of
    ///   creating it, for work on sessions stored earlier.
    func open(mustExist: Bool = false) async throws -> any AgentStore {
        try await Self.open(db, mustExist: mustExist)
    }

    /// Whether `db` asks for a database in memory.
    static func isMemory(_ db: String) -> Bool { db == "memory" || db == ":memory:" }

    /// Whether `db` is a PostgreSQL URL.
    static func isPostgres(_ db: String) -> Bool {
        let value = db.lowercased()
        return value.hasPrefix("postgres://") || value.hasPrefix("postgresql://")
    }

    /// Opens `db` (see ``open(mustExist:)``).
    static func open(_ db: String, mustExist: Bool) async throws -> any AgentStore {
        if isMemory(db) { return InMemoryStore() }
        if isPostgres(db) {
            do {
                return try await PostgresStore(configuration: PostgresStore.Configuration(url: db))
            } catch let error as AI2AIError {
                throw CLIFailure(error.message, exitCode: .storeUnavailable)
            }
        }
        if mustExist, !FileManager.default.fileExists(atPath: db) {
            throw CLIFailure(
                "No database at \(db) (nothing was created). Pass --db PATH to the file 'ai2ai run' wrote.",
                exitCode: .storeUnavailable
            )
        }
        do {
            return try SQLiteStore(path: db)
        } catch let error as AI2AIError {
            let hint =
                mustExist
                ? "Check that the file is a database 'ai2ai run' wrote and that you may write to it, or pass --db PATH."
                : "Check that the directory exists and is writable, or pass --db PATH (or --db memory)."
            throw CLIFailure("\(error.message)\n\(hint)", exitCode: .storeUnavailable)
        }
    }
}

/// The `--db` option of the commands that work on sessions stored earlier (`resume`, `sessions`,
/// `tasks`, `agents`): the database must exist, and `memory` (always empty) is refused.
struct ExistingStoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The SQLite database file or PostgreSQL URL (postgres://user:password@host:port/database) to read.",
        completion: .file()
    )
    var db: String = "ai2ai.sqlite"

    /// `--db` as it may be shown: a PostgreSQL URL without its password.
    var label: String { StoreOptions.isPostgres(db) ? PostgresStore.Configuration.redacted(db) : db }

    func validate() throws {
        if StoreOptions.isMemory(db) {
            throw ValidationError("--db memory is always empty here: name the database the sessions are in")
        }
    }

    /// Opens the database; a missing SQLite file is an error (exit 3), not a new empty file.
    func open() async throws -> any AgentStore {
        try await StoreOptions.open(db, mustExist: true)
    }
}
