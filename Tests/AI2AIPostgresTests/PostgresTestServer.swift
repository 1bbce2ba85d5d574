//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIPostgres
import Foundation
import Logging
import PostgresNIO
import Testing

/// The PostgreSQL server of the tests: `AI2AI_TEST_POSTGRES_URL`, a URL whose user may create
/// databases (`.ci/run` starts one). Each test gets a database of its own, dropped afterwards, so
/// tests run in parallel.
enum PostgresTestServer {
    static let url = ProcessInfo.processInfo.environment["AI2AI_TEST_POSTGRES_URL"]

    static var isConfigured: Bool { url != nil }

    static let skipReason: Comment = """
        AI2AI_TEST_POSTGRES_URL is not set: set it to a PostgreSQL URL whose user may create databases \
        (bash .ci/run starts a throwaway server) to run the PostgreSQL tests
        """

    static var logger: Logger {
        var logger = Logger(label: "ai2ai.postgres.tests")
        logger.logLevel = .error
        return logger
    }

    /// The configuration of the server's URL, with a connect timeout long enough for a machine
    /// busy with the rest of the test suite.
    static func configuration() throws -> PostgresStore.Configuration {
        var configuration = try PostgresStore.Configuration(url: url ?? "postgres://postgres@127.0.0.1/postgres")
        configuration.connectTimeout = connectTimeout
        return configuration
    }

    static let connectTimeout: Duration = .seconds(120)

    /// Runs `body` with the configuration of a new, empty database; drops the database afterwards.
    static func withDatabase<T>(_ body: (PostgresStore.Configuration) async throws -> T) async throws -> T {
        let server = try configuration()
        let name = "ai2ai_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin(server, "CREATE DATABASE \(name)")
        var configuration = server
        configuration.database = name
        configuration.maximumConnections = 4
        do {
            let value = try await body(configuration)
            try await admin(server, "DROP DATABASE \(name) WITH (FORCE)")
            return value
        } catch {
            try? await admin(server, "DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
    }

    /// Runs a statement on a configuration's database, outside a transaction.
    static func admin(_ server: PostgresStore.Configuration, _ statement: String) async throws {
        var configuration = PostgresConnection.Configuration(
            host: server.host,
            port: server.port,
            username: server.username,
            password: server.password,
            database: server.database,
            tls: .disable
        )
        configuration.options.connectTimeout = .seconds(120)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        defer { Task { try? await connection.close() } }
        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
    }

    /// Opens a store on the configuration, runs `body`, and closes the store whatever happens.
    static func withStore<T>(
        _ configuration: PostgresStore.Configuration,
        _ body: (PostgresStore) async throws -> T
    ) async throws -> T {
        let store = try await PostgresStore(configuration: configuration, logger: logger)
        do {
            let value = try await body(store)
            await store.close()
            return value
        } catch {
            await store.close()
            throw error
        }
    }
}
