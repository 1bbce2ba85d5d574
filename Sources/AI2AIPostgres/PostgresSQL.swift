//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Logging
import PostgresNIO

/// One leased connection, as the store's statements use it: rows, single values, and writes
/// (which mark the transaction as having changed rows, for the change counter).
final class PostgresSQL {
    let connection: PostgresConnection
    let logger: Logger
    /// Whether a statement that changes rows ran.
    private(set) var changed = false
    /// Whether the transaction made a task ready to claim (a new pending task, a task back to
    /// pending, an agent started), for ``PostgresStore/readyWork()``.
    var madeWorkReady = false

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Runs a statement and returns its rows.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    /// Runs a statement and converts its rows.
    func rows<T>(_ query: PostgresQuery, _ transform: (PostgresRow) throws -> T) async throws -> [T] {
        try await rows(query).map(transform)
    }

    /// The first row of a statement, converted.
    func one<T>(_ query: PostgresQuery, _ transform: (PostgresRow) throws -> T) async throws -> T? {
        try await rows(query).first.map(transform)
    }

    /// The first column of the first row of a statement; `nil` without a row (or for `NULL`).
    func value<T: PostgresDecodable>(_ type: T.Type, _ query: PostgresQuery) async throws -> T? {
        guard let row = try await rows(query).first else { return nil }
        let cell = row.makeRandomAccess()[0]
        guard cell.bytes != nil else { return nil }
        return try cell.decode(T.self)
    }

    /// Runs a statement prepared once per connection (for statements that take long to plan).
    func prepared<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [Statement.Row] {
        var rows: [Statement.Row] = []
        for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
        return rows
    }

    /// Runs a statement that changes rows.
    func write(_ query: PostgresQuery) async throws {
        changed = true
        _ = try await rows(query)
    }

    /// Runs a statement that changes rows and returns the rows it returns (`RETURNING`).
    func writeReturning(_ query: PostgresQuery) async throws -> [PostgresRow] {
        changed = true
        return try await rows(query)
    }

    /// Runs a statement whose rows do not matter (transaction control, locks).
    func run(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }
}

/// Reads the columns of a row in order.
struct PostgresCells {
    private let row: PostgresRandomAccessRow
    private var index = 0

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    /// The next column's value.
    mutating func next<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
        defer { index += 1 }
        return try row[index].decode(T.self)
    }
}
