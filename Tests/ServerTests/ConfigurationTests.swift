//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Testing

@testable import AI2AIServer

@Suite("Configuration from the environment")
struct ConfigurationTests {
    @Test("defaults: 127.0.0.1:8001, sqlite://ai2ai.sqlite, no token, 1 MiB, no CORS, 10 s / 60 s timeouts")
    func defaults() throws {
        let configuration = try ServerConfiguration(environment: [:])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8001)
        #expect(configuration.database == .file("ai2ai.sqlite"))
        #expect(configuration.apiToken == nil)
        #expect(configuration.maxBodyBytes == 1 << 20)
        #expect(configuration.maxAgents == 64)
        #expect(configuration.corsOrigins.isEmpty)
        #expect(configuration.allowedHosts.isEmpty)
        #expect(!configuration.allowNoToken)
        #expect(configuration.headerTimeout == .seconds(10))
        #expect(configuration.idleTimeout == .seconds(60))
        #expect(configuration.maxConnections == 4096)
        #expect(configuration.leaseDuration == .seconds(30))
        #expect(configuration.shutdownGracePeriod == .seconds(10))
        #expect(configuration.modelTimeouts.idle == .seconds(120))
        #expect(configuration.modelTimeouts.total == .seconds(600))
    }

    @Test("every variable is read; blank values count as unset")
    func variables() throws {
        let configuration = try ServerConfiguration(environment: [
            "HOST": "0.0.0.0", "PORT": "9000", "DATABASE_URL": "memory", "AI2AI_API_TOKEN": "tok",
            "AI2AI_MAX_BODY_BYTES": "2048", "AI2AI_MAX_AGENTS": "10", "AI2AI_KEEPALIVE_SECONDS": "5",
            "AI2AI_CORS_ORIGIN": "https://ui.example, http://localhost:5173", "AI2AI_LEASE_SECONDS": "9",
            "AI2AI_ALLOWED_HOSTS": "ai2ai.internal,Box.Example", "AI2AI_ALLOW_NO_TOKEN": "1",
            "AI2AI_HEADER_TIMEOUT_SECONDS": "2.5", "AI2AI_IDLE_TIMEOUT_SECONDS": "30", "AI2AI_MAX_CONNECTIONS": "100",
            "AI2AI_MODEL_IDLE_TIMEOUT_SECONDS": "5", "AI2AI_MODEL_TIMEOUT_SECONDS": "30",
            "AI2AI_SHUTDOWN_GRACE_SECONDS": "4", "AI2AI_MAX_SUBTASKS": "32", "AI2AI_MODEL_CALLS_PER_PROVIDER": "40",
        ])
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9000)
        #expect(configuration.database == .memory)
        #expect(configuration.apiToken == "tok")
        #expect(configuration.maxBodyBytes == 2048)
        #expect(configuration.maxAgents == 10)
        #expect(configuration.keepAliveInterval == .seconds(5))
        #expect(configuration.corsOrigins == ["https://ui.example", "http://localhost:5173"])
        #expect(configuration.allowedHosts == ["ai2ai.internal", "box.example"])
        #expect(configuration.allowNoToken)
        #expect(configuration.headerTimeout == .milliseconds(2_500))
        #expect(configuration.idleTimeout == .seconds(30))
        #expect(configuration.maxConnections == 100)
        #expect(configuration.orchestrator.leaseDuration == .seconds(9))
        #expect(configuration.orchestrator.leaseRenewalInterval == .seconds(3))
        #expect(configuration.orchestrator.shutdownGracePeriod == .seconds(4))
        #expect(configuration.orchestrator.claimScope == .allSessions)
        #expect(configuration.orchestrator.limits.maxSubtasksPerTask == 32)
        #expect(configuration.orchestrator.limits.maxConcurrentModelCallsPerProvider == 40)
        #expect(configuration.modelTimeouts.idle == .seconds(5))
        #expect(configuration.modelTimeouts.total == .seconds(30))
        let blank = try ServerConfiguration(environment: [
            "AI2AI_API_TOKEN": "  ", "PORT": "", "AI2AI_CORS_ORIGIN": " ",
        ])
        #expect(blank.apiToken == nil && blank.port == 8001 && blank.corsOrigins.isEmpty)
    }

    @Test(
        "DATABASE_URL forms",
        arguments: [
            ("memory", DatabaseLocation.memory),
            ("MEMORY", .memory),
            ("sqlite://:memory:", .memory),
            ("sqlite://ai2ai.sqlite", .file("ai2ai.sqlite")),
            ("sqlite://data/db.sqlite", .file("data/db.sqlite")),
            ("sqlite:///var/lib/ai2ai.sqlite", .file("/var/lib/ai2ai.sqlite")),
        ]
    )
    func databaseURL(url: String, expected: DatabaseLocation) throws {
        #expect(try DatabaseLocation(url: url) == expected)
    }

    @Test(
        "unusable values name their variable",
        arguments: [
            ["PORT": "http"], ["PORT": "70000"], ["DATABASE_URL": "mysql://x"], ["DATABASE_URL": "sqlite://"],
            ["DATABASE_URL": "postgres://u:p@db/ai2ai?sslmode=maybe"], ["DATABASE_URL": "postgres://u:p@/ai2ai"],
            ["AI2AI_MAX_BODY_BYTES": "0"], ["AI2AI_MAX_AGENTS": "many"], ["AI2AI_KEEPALIVE_SECONDS": "-1"],
            ["AI2AI_LEASE_SECONDS": "1"], ["AI2AI_ALLOW_NO_TOKEN": "maybe"], ["AI2AI_HEADER_TIMEOUT_SECONDS": "0"],
            ["AI2AI_IDLE_TIMEOUT_SECONDS": "forever"], ["AI2AI_MAX_CONNECTIONS": "0"],
            ["AI2AI_MODEL_IDLE_TIMEOUT_SECONDS": "0"], ["AI2AI_MODEL_TIMEOUT_SECONDS": "ten minutes"],
            ["AI2AI_RETENTION_DAYS": "soon"], ["AI2AI_RETENTION_DAYS": "0"], ["AI2AI_RETENTION_DAYS": "-3"],
            ["AI2AI_RETENTION_DAYS": "nan"], ["AI2AI_RETENTION_DAYS": "100000"], ["AI2AI_MAX_SUBTASKS": "0"],
            ["AI2AI_MAX_SUBTASKS": "1001"], ["AI2AI_MODEL_CALLS_PER_PROVIDER": "lots"],
        ]
    )
    func invalid(environment: [String: String]) {
        #expect {
            try ServerConfiguration(environment: environment)
        } throws: { error in
            (error as? ConfigurationError)?.variable == environment.keys.first
        }
    }

    @Test(
        "a non-loopback HOST needs a token or AI2AI_ALLOW_NO_TOKEN=1",
        arguments: ["0.0.0.0", "::", "192.168.1.20", "ai2ai.example"]
    )
    func exposure(host: String) throws {
        #expect {
            try ServerConfiguration(environment: ["HOST": host])
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.variable == "HOST" && error.message.contains("AI2AI_API_TOKEN")
                && error.message.contains("AI2AI_ALLOW_NO_TOKEN=1")
        }
        #expect(try ServerConfiguration(environment: ["HOST": host, "AI2AI_API_TOKEN": "t"]).host == host)
        #expect(try ServerConfiguration(environment: ["HOST": host, "AI2AI_ALLOW_NO_TOKEN": "1"]).host == host)
    }

    @Test("loopback addresses need no token", arguments: ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"])
    func loopback(host: String) throws {
        #expect(try ServerConfiguration(environment: ["HOST": host]).host == host)
    }

    @Test("a memory database opens an in-memory store; a file database opens SQLite")
    func stores() async throws {
        #expect(try await DatabaseLocation.memory.makeStore() is InMemoryStore)
        await #expect(throws: AI2AIError.self) {
            try await DatabaseLocation.file("/nonexistent-directory/x/ai2ai.sqlite").makeStore()
        }
    }

    @Test("a postgres:// DATABASE_URL names PostgreSQL, shown without its password")
    func postgresURL() throws {
        let location = try DatabaseLocation(url: "postgresql://ai2ai:hunter2@db:5432/ai2ai")
        #expect(location == .postgres("postgresql://ai2ai:hunter2@db:5432/ai2ai"))
        #expect(location.description == "postgresql://ai2ai:***@db:5432/ai2ai")
        let error = #expect(throws: ConfigurationError.self) {
            try DatabaseLocation(url: "postgres://ai2ai:hunter2@db/ai2ai?sslmode=maybe")
        }
        #expect(error?.description.contains("hunter2") == false)
        #expect(error?.description.contains("sslmode") == true)
    }
}
