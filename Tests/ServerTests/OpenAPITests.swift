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

@Suite("GET /openapi.json describes exactly the served routes and bodies", .timeLimit(.minutes(5)))
struct OpenAPITests {
    @Test("the router's routes and the document's paths and methods are the same set", arguments: [false, true])
    func routesMatch(secured: Bool) throws {
        var configuration = ServerConfiguration.testing
        if secured { configuration.apiToken = "t" }
        let harness = TestHarness(configuration: configuration)
        let routes = Set(
            buildRouter(services: harness.services).routes.map { "\($0.method.rawValue.lowercased()) \($0.path)" }
        )
        let document = OpenAPIDocument.make(configuration: configuration)
        let paths = try #require(document["paths"]?.objectValue)
        let documented = Set(paths.flatMap { path, item in (item.objectValue ?? [:]).keys.map { "\($0) \(path)" } })
        #expect(
            routes.subtracting(documented).isEmpty,
            "served but not documented: \(routes.subtracting(documented).sorted())"
        )
        #expect(
            documented.subtracting(routes).isEmpty,
            "documented but not served: \(documented.subtracting(routes).sorted())"
        )
        #expect(routes.count == 23)
    }

    @Test("with a token, exactly the operations the document marks as secured answer 401 without it")
    func securityMatches() async throws {
        var configuration = ServerConfiguration.testing
        configuration.apiToken = "t"
        let document = OpenAPIDocument.make(configuration: configuration)
        let paths = try #require(document["paths"]?.objectValue)
        try await TestHarness(configuration: configuration).run { client in
            for (template, item) in paths {
                let path = template.replacingOccurrences(of: "{agent_index}", with: "0")
                    .replacingOccurrences(of: "{session_id}", with: "s").replacingOccurrences(
                        of: "{task_id}",
                        with: "t"
                    ).replacingOccurrences(of: "{file}", with: "app.js")
                for (method, operation) in item.objectValue ?? [:] {
                    let response = try await client.send(
                        HTTPRequest.Method(rawValue: method.uppercased()) ?? .get,
                        path
                    )
                    let secured = operation["security"] != nil
                    #expect((response.status == .unauthorized) == secured, "\(method) \(template): \(response.status)")
                    if secured { #expect(operation["responses"]?["401"] != nil) }
                }
            }
        }
    }

    @Test("the document is OpenAPI 3.1, its references resolve and path parameters are declared")
    func wellFormed() throws {
        let document = OpenAPIDocument.make(configuration: .testing)
        #expect(document["openapi"] == "3.1.0")
        let validator = SchemaValidator(document: document)
        for reference in Self.references(in: document) {
            #expect(validator.resolve(reference) != nil, "\(reference)")
        }
        for (path, item) in try #require(document["paths"]?.objectValue) {
            let placeholders = Set(
                path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
            )
            for (method, operation) in item.objectValue ?? [:] {
                let parameters = operation["parameters"]?.arrayValue ?? []
                let declared = Set(parameters.filter { $0["in"] == "path" }.compactMap { $0["name"]?.stringValue })
                #expect(
                    parameters.allSatisfy { ["path", "query", "header"].contains($0["in"]?.stringValue) },
                    "\(method) \(path)"
                )
                #expect(declared == placeholders, "\(method) \(path)")
                #expect(operation["responses"]?["200"] != nil, "\(method) \(path)")
            }
        }
    }

    @Test("every JSON answer, success or error, matches its documented schema")
    func answersMatchSchemas() async throws {
        let model = ScriptedModel { request in
            if request.tools.isEmpty { return .answer(FeedbackRouteTests.answer) }
            return .calling("complete_task", ["result": "ok"])
        }
        let harness = TestHarness(model: model)
        let validator = SchemaValidator(document: OpenAPIDocument.make(configuration: .testing))
        try await harness.run { client in
            func check(
                _ method: HTTPRequest.Method,
                _ template: String,
                _ path: String? = nil,
                json: JSONValue? = nil,
                body: String? = nil
            ) async throws -> JSONResponse {
                let response = try await client.send(method, path ?? template, body: body ?? json?.jsonString)
                let schema = try #require(
                    validator.responseSchema(
                        path: template,
                        method: method.rawValue.lowercased(),
                        status: Int(response.status.code)
                    ),
                    "\(method) \(template) answered an undocumented \(response.status.code): \(response.text)"
                )
                let problems = validator.problems(response.json, against: schema)
                #expect(problems.isEmpty, "\(method) \(template) \(response.status.code): \(problems)")
                return response
            }
            let created = try await check(.post, "/multi-agent/create", json: ["num_agents": 2, "tags": ["x"]])
            let session = try #require(created.json["session_id"]?.stringValue)
            _ = try await check(.post, "/multi-agent/create", json: ["num_agents": 0])
            _ = try await check(.post, "/multi-agent/create", body: "{")
            let sent = try await check(
                .post,
                "/multi-agent/message",
                json: ["session_id": .string(session), "message": "Go"]
            )
            _ = try await check(.post, "/multi-agent/message", json: ["session_id": "nope", "message": "Go"])
            _ = try await client.pollTasks(session) { $0.count == 2 && $0.allSatisfy { $0["status"] == "completed" } }
            let task = try #require(sent.json["responses"]?[0]?["task_id"]?.stringValue)
            _ = try await check(.get, "/multi-agent/tasks/{session_id}", "/multi-agent/tasks/\(session)")
            _ = try await check(.get, "/multi-agent/tasks/{session_id}", "/multi-agent/tasks/nope")
            _ = try await check(
                .get,
                "/multi-agent/tasks/{session_id}/{task_id}",
                "/multi-agent/tasks/\(session)/\(task)"
            )
            _ = try await check(.get, "/multi-agent/tasks/{session_id}/{task_id}", "/multi-agent/tasks/\(session)/nope")
            _ = try await check(.get, "/multi-agent/agents/{session_id}", "/multi-agent/agents/\(session)")
            _ = try await check(
                .post,
                "/multi-agent/agents/{session_id}/restart/{agent_index}",
                "/multi-agent/agents/\(session)/restart/1"
            )
            _ = try await check(
                .post,
                "/multi-agent/agents/{session_id}/restart/{agent_index}",
                "/multi-agent/agents/\(session)/restart/9"
            )
            _ = try await check(
                .post,
                "/multi-agent/agents/{session_id}/restart/{agent_index}",
                "/multi-agent/agents/\(session)/restart/x"
            )
            _ = try await check(
                .post,
                "/multi-agent/agents/{session_id}/start_all",
                "/multi-agent/agents/\(session)/start_all"
            )
            _ = try await check(.get, "/multi-agent/responses/{session_id}", "/multi-agent/responses/\(session)")
            _ = try await check(.get, "/multi-agent/events/{session_id}", "/multi-agent/events/nope")
            _ = try await check(.post, "/feedback", json: ["context": "c", "question": "q"])
            _ = try await check(.post, "/feedback", json: ["context": "c"])
            _ = try await check(.post, "/feedback/stream", json: ["question": "q"])
            let feedbackSession = try await check(.post, "/session/create", json: [:])
            let id = try #require(feedbackSession.json["session_id"])
            _ = try await check(.post, "/session/feedback", json: ["session_id": id, "context": "c", "question": "q"])
            _ = try await check(
                .post,
                "/session/feedback",
                json: ["session_id": "nope", "context": "c", "question": "q"]
            )
            _ = try await check(
                .post,
                "/session/feedback/stream",
                json: ["session_id": "nope", "context": "c", "question": "q"]
            )
            _ = try await check(.get, "/health")
        }
    }

    @Test("every status a model provider failure maps to is documented for the feedback endpoints")
    func providerStatusesDocumented() throws {
        let document = OpenAPIDocument.make(configuration: .testing)
        let kinds: [ProviderError.Kind] = [
            .authentication, .permission, .notFound, .badRequest, .rateLimited, .overloaded, .server, .timeout,
            .transport, .decoding, .streamInterrupted, .cancelled, .configuration,
        ]
        for path in ["/feedback", "/session/feedback"] {
            let documented = try #require(document["paths"]?[path]?["post"]?["responses"]?.objectValue?.keys)
            for kind in kinds {
                let status = APIError(ProviderError(kind, message: "x")).status.code
                #expect(documented.contains("\(status)"), "\(path): \(kind) answers \(status)")
            }
        }
    }

    private static func references(in value: JSONValue) -> [String] {
        switch value {
        case .object(let members):
            (members["$ref"]?.stringValue.map { [$0] } ?? []) + members.values.flatMap(references)
        case .array(let elements): elements.flatMap(references)
        default: []
        }
    }
}
