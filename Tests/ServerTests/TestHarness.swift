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
import Logging
import NIOCore
import Testing

@testable import AI2AIServer

/// A server wired to a ``ScriptedModel`` registered as the default provider `scripted`, with
/// `scripted:test-model` as the default model and the feedback model.
struct TestHarness: Sendable {
    let model: ScriptedModel
    let services: ServerServices

    init(
        model: ScriptedModel = ScriptedModel(),
        store: any AgentStore = InMemoryStore(),
        configuration: ServerConfiguration = .testing,
        registry: ModelRegistry? = nil,
        feedbackModel: String? = "scripted:feedback-model"
    ) {
        self.model = model
        var models = ModelRegistry(defaultProvider: "scripted", defaultModel: "scripted:test-model")
        models.register("scripted", model)
        models = registry ?? models
        var orchestratorConfiguration = Orchestrator.Configuration()
        orchestratorConfiguration.pollInterval = .milliseconds(50)
        orchestratorConfiguration.leaseRenewalInterval = .seconds(5)
        orchestratorConfiguration.shutdownGracePeriod = .seconds(1)
        let orchestrator = Orchestrator(
            store: store,
            models: models,
            configuration: orchestratorConfiguration,
            logger: .quiet
        )
        let feedback = FeedbackService(
            store: store,
            models: models,
            configuration: .init(model: feedbackModel),
            logger: .quiet
        )
        self.services = ServerServices(orchestrator: orchestrator, feedback: feedback, configuration: configuration)
    }

    /// Runs `body` against the application (its orchestrator running), then shuts it down.
    func run<Value: Sendable>(
        _ setup: TestingSetup = .router,
        _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        try await buildApplication(services: services, logger: .quiet).test(setup, body)
    }
}

extension ServerConfiguration {
    /// Port 0, in memory, no token, the default limits.
    static var testing: ServerConfiguration {
        ServerConfiguration(host: "127.0.0.1", port: 0, database: .memory)
    }
}

extension Logger {
    /// A logger that only shows errors, for tests.
    static var quiet: Logger {
        var logger = Logger(label: "ai2ai-server-tests")
        logger.logLevel = .error
        return logger
    }
}

/// A response with its body parsed as JSON.
struct JSONResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String
    var json: JSONValue

    /// The `detail` of an error body.
    var detail: String? { json["detail"]?.stringValue }
}

extension TestClientProtocol {
    /// Sends a request with a raw body and parses the answer as JSON (`null` when it is not JSON).
    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        body: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> JSONResponse {
        var headers = headers
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await executeRequest(
            uri: uri,
            method: method,
            headers: headers,
            body: body.map { ByteBuffer(string: $0) }
        )
        let text = String(buffer: response.body)
        let json = (try? JSONValue(parsing: text)) ?? .null
        return JSONResponse(status: response.status, headers: response.headers, text: text, json: json)
    }

    /// Sends a JSON value.
    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        json: JSONValue,
        headers: HTTPFields = [:]
    ) async throws -> JSONResponse {
        try await send(method, uri, body: json.jsonString, headers: headers)
    }

    /// Creates a multi-agent session and returns its identifier.
    func createSession(_ body: JSONValue) async throws -> String {
        let response = try await send(.post, "/multi-agent/create", json: body)
        #expect(response.status == .ok, "\(response.text)")
        return try #require(response.json["session_id"]?.stringValue)
    }

    /// Polls the session's tasks until `done` holds for them, or fails after `timeout`.
    func pollTasks(
        _ session: String,
        timeout: Duration = .seconds(90),
        until done: ([JSONValue]) -> Bool
    ) async throws -> [JSONValue] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let response = try await send(.get, "/multi-agent/tasks/\(session)")
            let tasks = response.json["tasks"]?.arrayValue ?? []
            if done(tasks) { return tasks }
            guard clock.now < deadline else {
                Issue.record("Tasks did not settle in time: \(response.text)")
                return tasks
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Reads `tool` calls for scripts.
extension ModelRequest {
    /// The system prompt's first line ("You are NAME, ...").
    var agentName: String? {
        guard let system = messages.first(where: { $0.role == .system })?.content,
            system.hasPrefix("You are "),
            let comma = system.firstIndex(of: ",")
        else { return nil }
        return String(system[system.index(system.startIndex, offsetBy: 8)..<comma])
    }

    /// All the text of the conversation.
    var transcript: String { messages.map(\.content).joined(separator: "\n") }
}
