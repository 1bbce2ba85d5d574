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
    static func fetchOne(
        _ db: Database,
        cached sql: String,
        arguments: StatementArguments = StatementArguments()
    ) throws -> Row? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    /// All rows of a cached statement.
    static func fetchAll(
        _ db: Database,
        cached sql: String,
        arguments: StatementArguments = StatementArguments()
    ) throws -> [Row] {
        try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension Row {
    /// The first row of a cached statement, converted while SQLite still holds it. Reading a column
    /// by name from such a row is a dictionary lookup; a copied row (what ``fetchOne(_:cached:arguments:)``
    /// returns) lowercases every column name on each lookup.
    static func fetchOne<T>(
        _ db: Database,
        cached sql: String,
        arguments: StatementArguments = StatementArguments(),
        as transform: (Row) throws -> T
    ) throws -> T? {
        let rows = try fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        return try rows.next().map(transform)
    }

    /// All rows of a cached statement, each converted while SQLite still holds it.
    static func fetchAll<T>(
        _ db: Database,
        cached sql: String,
        arguments: StatementArguments = StatementArguments(),
        as transform: @escaping (Row) throws -> T
    ) throws -> [T] {
        try Array(fetchCursor(db.cachedStatement(sql: sql), arguments: arguments).map(transform))
    }
}

extension Bool {
    /// The first value of a cached statement.
    static func fetchOne(
        _ db: Database,
        cached sql: String,
        arguments: StatementArguments = StatementArguments()
    ) throws -> Bool? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}
