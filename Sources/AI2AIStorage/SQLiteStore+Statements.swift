//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import GRDB

// Statements through each connection's statement cache. SQLite then parses a statement (and GRDB
// authorizes it) once per connection instead of on every call; parsing was half of the
// orchestrator's CPU time on SQLite (Documentation/Performance.md). Only SQL whose text comes from
// a small fixed set may go through the cache: values are always bound as arguments.

extension Database {
    /// Executes a cached statement.
    func execute(cached sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}

extension Row {
    /// The first row of a cached statement.
    static func fetchOne(_ db: Database, cached sql: String, arguments: StatementArguments = StatementArguments()) throws -> Row? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    /// All rows of a cached statement.
    static func fetchAll(_ db: Database, cached sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Row] {
        try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension Bool {
    /// The first value of a cached statement.
    static func fetchOne(_ db: Database, cached sql: String, arguments: StatementArguments = StatementArguments()) throws -> Bool? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}
