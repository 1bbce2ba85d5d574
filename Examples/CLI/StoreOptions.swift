//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AIPostgres
import ArgumentParser

/// The `--db` option shared by the commands that read or write sessions.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: """
            The SQLite database file, a PostgreSQL URL (postgres://user:password@host:port/database), \
            or 'memory' for a database that is gone when the command ends.
            """
    )
    var db: String = "ai2ai.sqlite"

    /// Whether `--db` names a PostgreSQL database.
    var isPostgres: Bool {
        let value = db.lowercased()
        return value.hasPrefix("postgres://") || value.hasPrefix("postgresql://")
    }

    /// `--db` as it may be shown: a PostgreSQL URL without its password.
    var label: String { isPostgres ? PostgresStore.Configuration.redacted(db) : db }

    /// Opens the store, turning failure into a message that names the path (or the server).
    func open() async throws -> any AgentStore {
        if db == "memory" || db == ":memory:" { return InMemoryStore() }
        if isPostgres {
            do {
                return try await PostgresStore(configuration: PostgresStore.Configuration(url: db))
            } catch let error as AI2AIError {
                throw CLIFailure(error.message, exitCode: .storeUnavailable)
            }
        }
        do {
            return try SQLiteStore(path: db)
        } catch let error as AI2AIError {
            throw CLIFailure(
                "\(error.message)\nCheck that the directory exists and is writable, or pass --db PATH (or --db memory).",
                exitCode: .storeUnavailable
            )
        }
    }

    /// Whether the store is a file that outlives the command.
    var isPersistent: Bool { !(db == "memory" || db == ":memory:") }
}
