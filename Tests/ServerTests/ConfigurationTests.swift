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
    @Test("defaults: 127.0.0.1:8001, sqlite://ai2ai.sqlite, no token, 1 MiB, every origin")
    func defaults() throws {
        let configuration = try ServerConfiguration(environment: [:])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8001)
        #expect(configuration.database == .file("ai2ai.sqlite"))
        #expect(configuration.apiToken == nil)
        #expect(configuration.maxBodyBytes == 1 << 20)
        #expect(configuration.maxAgents == 64)
        #expect(configuration.corsOrigin == nil)
        #expect(configuration.leaseDuration == .seconds(30))
        #expect(configuration.modelTimeouts.idle == .seconds(120))
        #expect(configuration.modelTimeouts.total == .seconds(600))
    }

    @Test("every variable is read; blank values count as unset")
    func variables() throws {
        let configuration = try ServerConfiguration(environment: [
            "HOST": "0.0.0.0", "PORT": "9000", "DATABASE_URL": "memory", "AI2AI_API_TOKEN": "tok",
            "AI2AI_MAX_BODY_BYTES": "2048", "AI2AI_MAX_AGENTS": "10", "AI2AI_KEEPALIVE_SECONDS": "5",
            "AI2AI_CORS_ORIGIN": "https://ui.example", "AI2AI_LEASE_SECONDS": "9",
            "AI2AI_MODEL_IDLE_TIMEOUT_SECONDS": "5", "AI2AI_MODEL_TIMEOUT_SECONDS": "30",
        ])
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9000)
        #expect(configuration.database == .memory)
        #expect(configuration.apiToken == "tok")
        #expect(configuration.maxBodyBytes == 2048)
        #expect(configuration.maxAgents == 10)
        #expect(configuration.keepAliveInterval == .seconds(5))
        #expect(configuration.corsOrigin == "https://ui.example")
        #expect(configuration.orchestrator.leaseDuration == .seconds(9))
        #expect(configuration.orchestrator.leaseRenewalInterval == .seconds(3))
        #expect(configuration.modelTimeouts.idle == .seconds(5))
        #expect(configuration.modelTimeouts.total == .seconds(30))
        let blank = try ServerConfiguration(environment: [
            "AI2AI_API_TOKEN": "  ", "PORT": "", "AI2AI_CORS_ORIGIN": "*",
        ])
        #expect(blank.apiToken == nil && blank.port == 8001 && blank.corsOrigin == nil)
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
            ["PORT": "http"], ["PORT": "70000"], ["DATABASE_URL": "postgres://x"], ["DATABASE_URL": "sqlite://"],
            ["AI2AI_MAX_BODY_BYTES": "0"], ["AI2AI_MAX_AGENTS": "many"], ["AI2AI_KEEPALIVE_SECONDS": "-1"],
            ["AI2AI_LEASE_SECONDS": "1"], ["AI2AI_MODEL_IDLE_TIMEOUT_SECONDS": "0"],
            ["AI2AI_MODEL_TIMEOUT_SECONDS": "ten minutes"],
        ]
    )
    func invalid(environment: [String: String]) {
        #expect {
            try ServerConfiguration(environment: environment)
        } throws: { error in
            (error as? ConfigurationError)?.variable == environment.keys.first
        }
    }

    @Test("a memory database opens an in-memory store; a file database opens SQLite")
    func stores() throws {
        #expect(try DatabaseLocation.memory.makeStore() is InMemoryStore)
        #expect(throws: AI2AIError.self) {
            try DatabaseLocation.file("/nonexistent-directory/x/ai2ai.sqlite").makeStore()
        }
    }
}
