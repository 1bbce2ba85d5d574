//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import AI2AIStorage
public import Logging
import PostgresNIO

/// An ``AgentStore`` on a PostgreSQL database, for several processes sharing one store.
///
/// Every operation runs in one transaction on a connection of the store's pool (PostgresNIO's
/// `PostgresClient`). Claims lock the agent row they take a task of, so an agent's
/// ``AI2AICore/Agent/maxRunning`` holds across every process; tasks are locked with
/// `FOR UPDATE SKIP LOCKED`, so concurrent claimers never wait on each other's tasks. The schema is
/// created and migrated when the store opens, under an advisory lock, so that processes starting
/// together do not race. Documentation/Storage.md, "PostgreSQL", has the details.
///
/// ```swift
/// let store = try await PostgresStore(configuration: .init(url: "postgres://ai2ai:secret@db/ai2ai"))
/// defer { Task { await store.close() } }
/// ```
///
/// A store owns a task that runs its pool: call ``close()`` when done with it.
public final class PostgresStore: AgentStore {
    /// Where the store connects, and its settings.
    public let configuration: Configuration
    /// The clock that stamps changes and decides when leases expire: the configuration's, or the
    /// database server's (``Configuration/clock``).
    public let clock: any AI2AIClock
    /// The database server's clock, when the configuration gives none.
    let databaseClock: DatabaseClock?
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>

    /// Connects to the database, creates or migrates its schema, and starts the connection pool.
    ///
    /// - Parameters:
    ///   - configuration: Where to connect, and how.
    ///   - logger: Where the store and its pool log (at `debug` and below, except pool trouble).
    /// - Throws: ``AI2AIError`` `.unavailable` when the server cannot be reached, refuses the login,
    ///   or has no such database (the message says which, and what to fix); `.storage` when the
    ///   schema cannot be migrated or was written by a newer version of AI2AI.
    public init(configuration: Configuration, logger: Logger = .current) async throws {
        self.configuration = configuration
        let databaseClock = configuration.clock == nil ? DatabaseClock() : nil
        self.databaseClock = databaseClock
        self.clock = configuration.clock ?? databaseClock ?? SystemClock()
        self.logger = logger
        let tls: TLSConfiguration?
        do {
            tls = try Self.tlsConfiguration(configuration.sslMode)
            try await PostgresSchema.migrate(configuration, tls: tls, logger: logger) { sql in
                // On the migration's connection: the pool does not run yet.
                if let databaseClock { try await Self.synchronize(databaseClock, sql) }
            }
        } catch {
            throw PostgresErrors.map(error, configuration)
        }
        var options = PostgresClient.Configuration.Options()
        options.maximumConnections = max(1, configuration.maximumConnections)
        options.connectTimeout = configuration.connectTimeout
        options.additionalStartupParameters = [("application_name", configuration.applicationName)]
        var clientConfiguration = PostgresClient.Configuration(
            host: configuration.host,
            port: configuration.port,
            username: configuration.username,
            password: configuration.password,
            database: configuration.database,
            tls: Self.clientTLS(tls, configuration.sslMode)
        )
        clientConfiguration.options = options
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        self.client = client
        self.runner = Task { await client.run() }
    }

    /// Measures the offset of the database server's clock, when the store reads the time from it.
    func synchronizeClock(_ sql: PostgresSQL) async throws {
        if let databaseClock { try await Self.synchronize(databaseClock, sql) }
    }

    private static func synchronize(_ clock: DatabaseClock, _ sql: PostgresSQL) async throws {
        try await clock.synchronize {
            try await sql.value(Double.self, "SELECT extract(epoch FROM clock_timestamp())::float8")
        }
    }

    /// Closes the pool's connections and stops its task. Later calls to the store fail with
    /// `.unavailable`. Calling it again does nothing.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    /// A store that is dropped without ``close()`` stops its pool's task; its connections close
    /// when that task ends.
    deinit {
        runner.cancel()
    }

    /// The store's change counter (a sequence that every write transaction advances after its
    /// commit, in any process), read without a lock.
    public func changeToken() async throws -> UInt64 {
        try await read { sql in
            // A new sequence reads last_value 1 before and after its first nextval: is_called tells.
            let value = try await sql.value(
                Int64.self,
                "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_counter"
            )
            return UInt64(bitPattern: value ?? 0)
        }
    }

    // MARK: Transactions

    /// Runs `body` in a transaction, retried when PostgreSQL aborts it for a deadlock or a
    /// serialization failure (it rolled back, so nothing of it stayed); database errors become
    /// ``AI2AIError``s. A transaction that changed rows advances the change counter after its commit.
    func write<T: Sendable>(_ body: (PostgresSQL) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    let sql = PostgresSQL(connection: connection, logger: logger)
                    try await sql.run("BEGIN")
                    let value: T
                    do {
                        value = try await body(sql)
                        try await sql.run("COMMIT")
                    } catch {
                        try? await sql.run("ROLLBACK")
                        throw error
                    }
                    // After the commit, so that a poller that sees the new value also sees the rows
                    // (and a listener woken by the notification finds the work).
                    if sql.madeWorkReady {
                        try? await sql.run("SELECT nextval('change_counter'), pg_notify(\(Self.workChannel), '')")
                    } else if sql.changed {
                        try? await sql.run("SELECT nextval('change_counter')")
                    }
                    return value
                }
            } catch  where attempt < 5 && PostgresErrors.isRetryable(error) {
                logger.debug("PostgreSQL transaction retried", metadata: ["attempt": "\(attempt)"])
                continue
            } catch {
                throw PostgresErrors.map(error, configuration)
            }
        }
    }

    /// Runs reads outside a transaction (each statement sees the rows committed when it starts).
    func read<T: Sendable>(_ body: (PostgresSQL) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await body(PostgresSQL(connection: connection, logger: logger))
            }
        } catch {
            throw PostgresErrors.map(error, configuration)
        }
    }

    // MARK: TLS

    static func tlsConfiguration(_ mode: SSLMode) throws -> TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return nil
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        return tls
    }

    static func clientTLS(_ tls: TLSConfiguration?, _ mode: SSLMode) -> PostgresClient.Configuration.TLS {
        guard let tls else { return .disable }
        return mode == .prefer ? .prefer(tls) : .require(tls)
    }
}
