//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import ArgumentParser

/// The `--db` option shared by the commands that read or write sessions.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The SQLite database file, or 'memory' for a database that is gone when the command ends."
    )
    var db: String = "ai2ai.sqlite"

    /// Opens the store, turning failure into a message that names the path.
    func open() throws -> any AgentStore {
        if db == "memory" || db == ":memory:" { return InMemoryStore() }
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
