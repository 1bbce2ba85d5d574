//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AI2AIServer

@Suite("The server's default model is the CLI's", .timeLimit(.minutes(5)))
struct DefaultModelTests {
    /// Only a key, as Getting Started has it; the base URL points at a closed loopback port, so
    /// nothing can leave the machine (no message is sent, so no model is called).
    static let environment = [
        "OPENROUTER_API_KEY": "sk-or-SECRET-1234", "OPENROUTER_BASE_URL": "http://127.0.0.1:9/api/v1",
    ]

    @Test("with only OPENROUTER_API_KEY, POST /multi-agent/create {num_agents: 3} uses openrouter:openai/gpt-4o-mini")
    func openRouterKeyOnly() async throws {
        let registry = ModelRegistry.fromEnvironment(Self.environment, logger: .quiet)
        try await TestHarness(registry: registry, feedbackModel: nil).run { client in
            let created = try await client.send(.post, "/multi-agent/create", json: ["num_agents": 3])
            #expect(created.status == .ok, "\(created.text)")
            let session = try #require(created.json["session_id"]?.stringValue)
            let agents = try await client.send(.get, "/multi-agent/agents/\(session)")
            let models = agents.json["agents"]?.arrayValue?.compactMap { $0["model"]?.stringValue }
            #expect(models == Array(repeating: "openrouter:openai/gpt-4o-mini", count: 3))
        }
    }

    @Test("the server logs the models it will use when it starts, and never the key")
    func startupLog() async throws {
        var environment = Self.environment
        environment["DATABASE_URL"] = "memory"
        let server = try ServerProcess(environment: environment)
        _ = try await server.waitUntilListening()
        let log = server.log
        await server.terminate()
        #expect(log.contains("models.default=openrouter:openai/gpt-4o-mini"), "\(log)")
        #expect(log.contains("models.feedback=openrouter:openai/gpt-4o-mini"), "\(log)")
        #expect(!log.contains("SECRET"))
    }
}
