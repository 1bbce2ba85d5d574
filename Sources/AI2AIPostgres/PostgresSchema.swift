//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import Logging
import PostgresNIO

/// The schema of ``PostgresStore``: numbered migrations, each applied once, recorded in
/// `schema_version`. A migration never changes once released; add a new one instead.
///
/// The tables and columns are SQLite's (``AI2AIStorage/SQLiteStore``), so that rows map one to one:
/// times are seconds since 1970 (`DOUBLE PRECISION`), lists and events are JSON text or bytes.
/// PostgreSQL adds what it needs to order rows by insertion (`seq`) and to number events
/// (`session.event_seq`), and two sequences: `change_counter` (``PostgresStore/changeToken()``) and
/// `claim_order` (claim fairness).
enum PostgresSchema {
    /// The advisory lock that serialises migrations of one database across processes
    /// (`pg_advisory_xact_lock`; the value spells "AI2AI" in ASCII).
    static let migrationLock: Int64 = 0x41_49_32_41_49

    /// The migrations, in order; the version of each is its position + 1.
    static let migrations: [(name: String, statements: [String])] = [
        ("initial", initial)
    ]

    /// Brings the schema up to date over a connection of its own, in one transaction under the
    /// migration lock, so that processes starting at once wait for each other's migration; then
    /// runs `afterwards` on the same connection.
    static func migrate(
        _ configuration: PostgresStore.Configuration,
        tls: TLSConfiguration?,
        logger: Logger,
        afterwards: (PostgresSQL) async throws -> Void = { _ in }
    ) async throws {
        let connectionConfiguration = try self.connectionConfiguration(configuration, tls: tls)
        let connection = try await PostgresConnection.connect(
            configuration: connectionConfiguration,
            id: 0,
            logger: logger
        )
        do {
            let sql = PostgresSQL(connection: connection, logger: logger)
            try await migrate(sql, configuration)
            try await afterwards(sql)
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    private static func migrate(_ sql: PostgresSQL, _ configuration: PostgresStore.Configuration) async throws {
        try await sql.run("BEGIN")
        do {
            try await sql.run("SELECT pg_advisory_xact_lock(\(migrationLock))")
            try await sql.run(
                """
                CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, name TEXT NOT NULL,
                applied_at DOUBLE PRECISION NOT NULL)
                """
            )
            let current = try await sql.value(Int.self, "SELECT MAX(version) FROM schema_version") ?? 0
            guard current <= migrations.count else {
                throw AI2AIError(
                    .storage,
                    "The database \(configuration.database) on \(configuration.address) was written by a newer "
                        + "version of AI2AI (schema version \(current)); this version knows up to "
                        + "\(migrations.count). Upgrade AI2AI, or use another database."
                )
            }
            for (offset, migration) in migrations.enumerated() where offset + 1 > current {
                for statement in migration.statements {
                    try await sql.run(PostgresQuery(unsafeSQL: statement))
                }
                let version = offset + 1
                let now = Date().timeIntervalSince1970
                try await sql.run(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (\(version), \(migration.name), \(now))"
                )
            }
            try await sql.run("COMMIT")
        } catch {
            try? await sql.run("ROLLBACK")
            throw error
        }
    }

    /// The settings of a connection of its own (not from the pool): migrations, the listener.
    static func connectionConfiguration(
        _ configuration: PostgresStore.Configuration,
        tls: TLSConfiguration?
    ) throws -> PostgresConnection.Configuration {
        var connectionConfiguration = PostgresConnection.Configuration(
            host: configuration.host,
            port: configuration.port,
            username: configuration.username,
            password: configuration.password,
            database: configuration.database,
            tls: try connectionTLS(tls, configuration.sslMode)
        )
        let seconds = configuration.connectTimeout.components.seconds
        connectionConfiguration.options.connectTimeout = .seconds(max(1, seconds))
        connectionConfiguration.options.additionalStartupParameters = [
            ("application_name", configuration.applicationName)
        ]
        return connectionConfiguration
    }

    private static func connectionTLS(
        _ tls: TLSConfiguration?,
        _ mode: PostgresStore.SSLMode
    ) throws -> PostgresConnection.Configuration.TLS {
        guard let tls else { return .disable }
        let context = try NIOSSLContext(configuration: tls)
        return mode == .prefer ? .prefer(context) : .require(context)
    }

    /// Version 1: every table of SQLite's schema up to its `v3-event-log`.
    static let initial = [
        "CREATE SEQUENCE change_counter",
        "CREATE SEQUENCE claim_order",
        """
        CREATE TABLE session (
            id TEXT PRIMARY KEY, title TEXT, system_prompt TEXT, tags TEXT NOT NULL DEFAULT '[]',
            created_at DOUBLE PRECISION NOT NULL, updated_at DOUBLE PRECISION NOT NULL,
            last_claim BIGINT, event_seq BIGINT NOT NULL DEFAULT 0)
        """,
        "CREATE INDEX session_created_at_id ON session (created_at, id)",
        "CREATE INDEX session_last_claim ON session (last_claim)",
        """
        CREATE TABLE agent (
            seq BIGSERIAL UNIQUE, id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES session (id) ON DELETE CASCADE,
            idx BIGINT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, model TEXT NOT NULL,
            action_format TEXT NOT NULL, is_active BOOLEAN NOT NULL, provider TEXT NOT NULL DEFAULT '',
            max_running BIGINT NOT NULL DEFAULT 1, created_at DOUBLE PRECISION NOT NULL,
            UNIQUE (session_id, idx), UNIQUE (session_id, name))
        """,
        """
        CREATE TABLE task (
            seq BIGSERIAL UNIQUE, id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES session (id) ON DELETE CASCADE,
            title TEXT NOT NULL, description TEXT NOT NULL, status TEXT NOT NULL, created_by TEXT NOT NULL,
            assigned_to TEXT NOT NULL REFERENCES agent (id) ON DELETE CASCADE,
            parent_task_id TEXT REFERENCES task (id) ON DELETE CASCADE,
            depth BIGINT NOT NULL, result TEXT, error TEXT,
            created_at DOUBLE PRECISION NOT NULL, updated_at DOUBLE PRECISION NOT NULL,
            completed_at DOUBLE PRECISION, attempt BIGINT NOT NULL, lease_owner TEXT,
            lease_expires_at DOUBLE PRECISION, claim_progress BIGINT NOT NULL DEFAULT 0,
            process_stops BIGINT NOT NULL DEFAULT 0)
        """,
        "CREATE INDEX task_session ON task (session_id)",
        "CREATE INDEX task_assignee_status ON task (assigned_to, status, created_at)",
        "CREATE INDEX task_parent ON task (parent_task_id)",
        "CREATE INDEX task_status_lease ON task (status, lease_expires_at)",
        "CREATE INDEX task_status_assignee ON task (status, assigned_to, created_at)",
        "CREATE INDEX task_session_status_updated ON task (session_id, status, updated_at)",
        """
        CREATE TABLE context_entry (
            task_id TEXT NOT NULL REFERENCES task (id) ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (task_id, key))
        """,
        """
        CREATE TABLE task_update (
            seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE,
            task_id TEXT NOT NULL REFERENCES task (id) ON DELETE CASCADE,
            session_id TEXT NOT NULL REFERENCES session (id) ON DELETE CASCADE,
            kind TEXT NOT NULL, author TEXT NOT NULL, content TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL)
        """,
        "CREATE INDEX task_update_task ON task_update (task_id)",
        "CREATE INDEX task_update_session ON task_update (session_id)",
        """
        CREATE TABLE session_message (
            seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE,
            session_id TEXT NOT NULL REFERENCES session (id) ON DELETE CASCADE,
            role TEXT NOT NULL, content TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL)
        """,
        "CREATE INDEX session_message_session_created ON session_message (session_id, created_at)",
        """
        CREATE TABLE usage_record (
            seq BIGSERIAL PRIMARY KEY, session_id TEXT NOT NULL REFERENCES session (id) ON DELETE CASCADE,
            task_id TEXT, agent_id TEXT, model TEXT NOT NULL, input_tokens BIGINT NOT NULL,
            output_tokens BIGINT NOT NULL, created_at DOUBLE PRECISION NOT NULL)
        """,
        "CREATE INDEX usage_session ON usage_record (session_id)",
        "CREATE INDEX usage_task ON usage_record (task_id)",
        "CREATE INDEX usage_agent ON usage_record (agent_id)",
        """
        CREATE TABLE task_turn (
            task_id TEXT NOT NULL REFERENCES task (id) ON DELETE CASCADE, idx BIGINT NOT NULL,
            payload BYTEA NOT NULL, created_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (task_id, idx))
        """,
        "CREATE TABLE instance_heartbeat (instance TEXT PRIMARY KEY, beat_at DOUBLE PRECISION NOT NULL)",
        """
        CREATE TABLE session_event (
            id BIGSERIAL PRIMARY KEY, session_id TEXT NOT NULL REFERENCES session (id) ON DELETE CASCADE,
            seq BIGINT NOT NULL, type TEXT NOT NULL, payload BYTEA NOT NULL, created_at DOUBLE PRECISION NOT NULL,
            UNIQUE (session_id, seq))
        """,
    ]
}
