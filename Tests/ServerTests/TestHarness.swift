//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
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

    /// Where a test's requests go.
    enum Setup: Sendable {
        /// Straight to the router, without a connection (HummingbirdTesting's router client).
        case router
        /// To the server listening on a free loopback port, through AsyncHTTPClient.
        case live
    }

    /// Runs `body` against the application (its orchestrator running), then shuts it down.
    func run<Value: Sendable>(
        _ setup: Setup = .router,
        _ body: @Sendable (any HarnessClient) async throws -> Value
    ) async throws -> Value {
        switch setup {
        case .router:
            try await buildApplication(services: services, logger: .quiet).test(.router) { client in
                try await body(RouterClient(base: client))
            }
        case .live:
            try await runLive(body)
        }
    }

    /// Runs the application on a free loopback port and `body` with a client whose requests may
    /// take as long as a loaded machine needs. (HummingbirdTesting's live client gives up after a
    /// fixed 20 s, which a test process pinned to one busy core has exceeded.)
    private func runLive<Value: Sendable>(
        _ body: @Sendable (any HarnessClient) async throws -> Value
    ) async throws -> Value {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let application = buildApplication(services: services, logger: .quiet) { port in
            portSink.yield(port)
            portSink.finish()
        }
        let serviceGroup = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: .quiet)
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await serviceGroup.run() }
            var listening = ports.makeAsyncIterator()
            guard let port = await listening.next() else {
                await serviceGroup.triggerGracefulShutdown()
                try await group.waitForAll()
                throw LiveClient.Failure.didNotListen
            }
            let value: Value
            do {
                value = try await body(LiveClient(port: port))
            } catch {
                await serviceGroup.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return value
        }
    }
}

/// A test's view of the server: requests in, answers out.
protocol HarnessClient: Sendable {
    /// Sends one request and returns the whole answer.
    func executeRequest(
        uri: String,
        method: HTTPRequest.Method,
        headers: HTTPFields,
        body: ByteBuffer?
    ) async throws -> HarnessResponse
    /// The loopback port of a live server; `nil` for the router.
    var port: Int? { get }
}

/// An answer, its body read whole.
struct HarnessResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer
}

/// HummingbirdTesting's router client.
struct RouterClient: HarnessClient {
    let base: any TestClientProtocol

    func executeRequest(
        uri: String,
        method: HTTPRequest.Method,
        headers: HTTPFields,
        body: ByteBuffer?
    ) async throws -> HarnessResponse {
        let response = try await base.executeRequest(uri: uri, method: method, headers: headers, body: body)
        return HarnessResponse(status: response.status, headers: response.headers, body: response.body)
    }

    var port: Int? { base.port }
}

/// Requests to a live server through the shared AsyncHTTPClient, each allowed four minutes: only a
/// guard against a hung test, never a measure of speed.
private struct LiveClient: HarnessClient {
    enum Failure: Error { case didNotListen }

    let port: Int?

    init(port: Int) { self.port = port }

    func executeRequest(
        uri: String,
        method: HTTPRequest.Method,
        headers: HTTPFields,
        body: ByteBuffer?
    ) async throws -> HarnessResponse {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port ?? 0)\(uri.hasPrefix("/") ? "" : "/")\(uri)")
        request.method = HTTPMethod(rawValue: method.rawValue)
        for field in headers { request.headers.add(name: field.name.rawName, value: field.value) }
        request.body = body.map { .bytes($0) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(240))
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        return HarnessResponse(
            status: HTTPResponse.Status(code: Int(response.status.code)),
            headers: fields,
            body: try await response.body.collect(upTo: .max)
        )
    }
}

extension ServerConfiguration {
    /// Port 0, in memory, no token, the default limits but for the connection timeouts.
    ///
    /// The live test client opens one connection when the test starts and keeps it for every
    /// request. On a loaded machine its first request can come more than the 10 s header timeout
    /// after the connect, or its next one more than the 60 s idle timeout after the last, and the
    /// server then rightly closes it (`connectionClosing`). The timeouts have tests of their own
    /// (ConnectionDeadlineTests, SlowClientTests).
    static var testing: ServerConfiguration {
        ServerConfiguration(
            host: "127.0.0.1",
            port: 0,
            database: .memory,
            headerTimeout: .seconds(600),
            idleTimeout: .seconds(600)
        )
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

extension HarnessClient {
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
        timeout: Duration = .seconds(240),
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
