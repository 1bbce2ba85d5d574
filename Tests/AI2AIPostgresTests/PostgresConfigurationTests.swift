//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIPostgres
import Foundation
import Logging
import Testing

/// `PostgresStore.Configuration(url:)` and the errors of a server that is not there: no server needed.
@Suite struct PostgresConfigurationTests {
    @Test func readsEveryPartOfAURL() throws {
        let configuration = try PostgresStore.Configuration(
            url: "postgres://ai2ai:s3cret@db.example.com:6543/agents?sslmode=require&pool_size=4&connect_timeout=3"
        )
        #expect(configuration.host == "db.example.com")
        #expect(configuration.port == 6543)
        #expect(configuration.username == "ai2ai")
        #expect(configuration.password == "s3cret")
        #expect(configuration.database == "agents")
        #expect(configuration.sslMode == .require)
        #expect(configuration.maximumConnections == 4)
        #expect(configuration.connectTimeout == .seconds(3))
    }

    @Test func postgresqlSchemeAndDefaults() throws {
        let configuration = try PostgresStore.Configuration(url: "postgresql://alice@localhost")
        #expect(configuration.host == "localhost")
        #expect(configuration.port == 5432)
        #expect(configuration.username == "alice")
        #expect(configuration.password == nil)
        #expect(configuration.database == "alice")
        #expect(configuration.sslMode == .disable)
        let remote = try PostgresStore.Configuration(url: "postgres://bob:pw@10.0.0.9/x")
        #expect(remote.sslMode == .prefer)
    }

    @Test func percentEncodedPasswordAndIPv6Host() throws {
        let configuration = try PostgresStore.Configuration(url: "postgres://u:p%40ss%3Aw%2Fd@[::1]:5433/db")
        #expect(configuration.password == "p@ss:w/d")
        #expect(configuration.host == "::1")
        #expect(configuration.address == "[::1]:5433")
        #expect(configuration.sslMode == .disable)
    }

    @Test(arguments: [
        "mysql://u:topsecret@host/db",
        "postgres://u:topsecret@/db",
        "postgres://u:topsecret@host/db/extra",
        "postgres://u:topsecret@host/db?sslmode=sometimes",
        "postgres://u:topsecret@host/db?pool_size=0",
        "postgres://u:topsecret@host/db?connect_timeout=soon",
        "postgres://u:topsecret@host/db?frobnicate=1",
        "postgres://u:topsecret@host:99999/db",
        "not a url at all :topsecret@",
    ])
    func badURLsThrowWithoutThePassword(_ url: String) throws {
        let error = try #require(throws: AI2AIError.self) { try PostgresStore.Configuration(url: url) }
        #expect(error.code == .invalidArgument)
        #expect(!error.message.contains("topsecret"), "the password leaked: \(error.message)")
        #expect(!String(describing: error).contains("topsecret"))
    }

    @Test func descriptionAndRedactionHideThePassword() throws {
        let url = "postgres://ai2ai:hunter2@db:5432/ai2ai?sslmode=verify-full"
        let configuration = try PostgresStore.Configuration(url: url)
        #expect(configuration.description == "postgres://ai2ai@db:5432/ai2ai?sslmode=verify-full")
        #expect(!String(describing: configuration).contains("hunter2"))
        #expect(!String(reflecting: configuration).contains("hunter2"))
        #expect(!"\(configuration)".contains("hunter2"))
        #expect(PostgresStore.Configuration.redacted(url) == "postgres://ai2ai:***@db:5432/ai2ai?sslmode=verify-full")
        #expect(PostgresStore.Configuration.redacted("postgres://a:b@c@d/e") == "postgres://a:***@d/e")
        #expect(PostgresStore.Configuration.redacted("postgres://host/db") == "postgres://host/db")
    }

    @Test func aRefusedConnectionSaysSoWithoutThePassword() async throws {
        // Port 1 on loopback: nothing listens there.
        let configuration = try PostgresStore.Configuration(url: "postgres://ai2ai:hunter2@127.0.0.1:1/ai2ai")
        let recorder = LogRecorder()
        var logger = Logger(label: "test") { _ in recorder }
        logger.logLevel = .trace
        let error = await #expect(throws: AI2AIError.self) {
            _ = try await PostgresStore(configuration: configuration, logger: logger)
        }
        #expect(error?.code == .unavailable)
        #expect(
            error?.message == "cannot connect to PostgreSQL at 127.0.0.1:1: connection refused; is the server running?"
        )
        #expect(!recorder.text.contains("hunter2"), "the password leaked into the log")
    }

    /// The offset is the server's answer minus the middle of the call that asked for it.
    @Test func theDatabaseClockFollowsTheServersTime() async throws {
        let clock = DatabaseClock()
        try await clock.synchronize { Date().timeIntervalSince1970 + 3_600 }
        #expect(abs(clock.measuredOffset - 3_600) < 1)
        #expect(abs(clock.now.timeIntervalSince(Date()) - 3_600) < 1)
        try await clock.synchronize { nil }
        #expect(abs(clock.measuredOffset - 3_600) < 1, "no answer keeps the offset")
        try await clock.synchronize { Date().timeIntervalSince1970 - 90 }
        #expect(abs(clock.now.timeIntervalSince(Date()) + 90) < 1)
    }
}
