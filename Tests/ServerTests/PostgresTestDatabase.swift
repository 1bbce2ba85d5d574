//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation
import Logging
import PostgresNIO
import Testing

/// A database of its own on the tests' PostgreSQL server (`AI2AI_TEST_POSTGRES_URL`, started by
/// `.ci/run`), for server processes to share; dropped afterwards.
enum PostgresTestDatabase {
    static let serverURL = ProcessInfo.processInfo.environment["AI2AI_TEST_POSTGRES_URL"]

    static let skipReason: Comment = """
        AI2AI_TEST_POSTGRES_URL is not set: set it to a PostgreSQL URL whose user may create databases \
        (bash .ci/run starts a throwaway server) to run the multi-process PostgreSQL tests
        """

    /// Creates a database, runs `body` with its URL (the server's URL with the database replaced
    /// and `query` appended), and drops the database whatever happens.
    static func withDatabase<T>(query: String = "", _ body: (String) async throws -> T) async throws -> T {
        guard let serverURL, var components = URLComponents(string: serverURL) else {
            throw AdminError(message: "AI2AI_TEST_POSTGRES_URL is not a URL")
        }
        let name = "ai2ai_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin(components, "CREATE DATABASE \(name)")
        components.path = "/" + name
        components.query = query.isEmpty ? nil : query
        let url = components.string ?? serverURL
        do {
            let value = try await body(url)
            try await admin(components, "DROP DATABASE \(name) WITH (FORCE)", database: "postgres")
            return value
        } catch {
            try? await admin(components, "DROP DATABASE \(name) WITH (FORCE)", database: "postgres")
            throw error
        }
    }

    struct AdminError: Error { var message: String }

    /// Runs a statement outside a transaction, on `database` or the URL's own.
    private static func admin(_ url: URLComponents, _ statement: String, database: String? = nil) async throws {
        var path = url.path
        if path.hasPrefix("/") { path.removeFirst() }
        var configuration = PostgresConnection.Configuration(
            host: url.host ?? "127.0.0.1",
            port: url.port ?? 5432,
            username: url.user ?? "postgres",
            password: url.password,
            database: database ?? (path.isEmpty ? nil : path),
            tls: .disable
        )
        configuration.options.connectTimeout = .seconds(120)
        var logger = Logger(label: "ai2ai.server-tests.postgres")
        logger.logLevel = .error
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        defer { Task { try? await connection.close() } }
        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
    }
}
