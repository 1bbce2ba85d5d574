//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Hummingbird

/// The OpenAPI 3.1 document served at `GET /openapi.json`: every route the server registers, with
/// its parameters, request body and answers. A test compares its paths with the router's.
enum OpenAPIDocument {
    /// The document for a configuration (the bearer scheme appears only when a token is set) and
    /// its model providers (which models a request may name; any string without them).
    static func make(configuration: ServerConfiguration, models: ModelRegistry? = nil) -> JSONValue {
        let secured = configuration.apiToken != nil
        var paths: [String: [String: JSONValue]] = [:]
        for operation in operations {
            var value = operation.json(limit: configuration.maxBodyBytes, maxAgents: configuration.maxAgents)
            if secured, !AuthMiddleware<BasicRequestContext>.isOpen(operation.path) {
                value = merge(value, ["security": [["bearerAuth": []]]])
                value = merge(value, ["responses": ["401": errorResponse("Missing or invalid bearer token")]])
            }
            paths[operation.path, default: [:]][operation.method] = value
        }
        var schemas = schemas(maxAgents: configuration.maxAgents).merging(eventSchemas()) { first, _ in first }
        schemas["ModelName"] = modelName(models)
        var components: [String: JSONValue] = ["schemas": .object(schemas)]
        if secured {
            components["securitySchemes"] = ["bearerAuth": ["type": "http", "scheme": "bearer"]]
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "AI2AI server",
                "version": "0.1.0",
                "description": """
                The HTTP API of the original ai2ai-feedback system (multi-agent sessions and \
                feedback), plus session events, task detail, health and this document. \
                Every error answer is JSON {"detail": ...}, except that a request whose HTTP framing \
                is malformed gets 400 with an empty body. The schema of a text/event-stream answer \
                describes one event as a client parses it ({"event", "id", "data"}), with the JSON \
                of its data in contentSchema.
                """,
            ],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": .object(components),
        ]
    }

    /// One documented route.
    struct Operation: Sendable {
        var method: String
        var path: String
        var summary: String
        var parameters: [String] = []
        /// Optional query parameters and their schemas.
        var query: [(name: String, schema: JSONValue)] = []
        /// Optional request headers and their schemas.
        var headers: [(name: String, schema: JSONValue)] = []
        var body: String?
        var answer: JSONValue
        var errors: [Int: String] = [:]
        /// Answers other than 200 and errors (`304`).
        var responses: [String: JSONValue] = [:]

        func json(limit: Int, maxAgents: Int) -> JSONValue {
            var responses = responses
            responses["200"] = answer
            var errors = errors
            if body != nil {
                errors[400] = errors[400] ?? "The body is empty or not JSON"
                errors[413] = "The body is larger than \(limit) bytes"
                errors[422] = errors[422] ?? "A field is missing, has the wrong type or is out of range"
            }
            for (status, description) in errors { responses["\(status)"] = errorResponse(description) }
            var value: [String: JSONValue] = [
                "operationId": .string(operationID),
                "summary": .string(summary),
                "responses": .object(responses),
            ]
            let all =
                parameters.map { OpenAPIDocument.parameter($0, maxAgents: maxAgents) }
                + query.map { ["name": .string($0.name), "in": "query", "required": false, "schema": $0.schema] }
                + headers.map { ["name": .string($0.name), "in": "header", "required": false, "schema": $0.schema] }
            if !all.isEmpty {
                value["parameters"] = .array(all)
            }
            if let body {
                value["requestBody"] = [
                    "required": true,
                    "content": ["application/json": ["schema": OpenAPISchema.ref(body)]],
                ]
            }
            return .object(value)
        }

        private var operationID: String {
            let words = path.split(separator: "/").filter { !$0.hasPrefix("{") }
                .flatMap { $0.split(whereSeparator: { "-_.".contains($0) }) }
            return method + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }
    }

    static func json(_ schema: String, _ description: String = "Success") -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": OpenAPISchema.ref(schema)]]]
    }

    /// A `text/event-stream` answer; `event` names the schema of one event
    /// (see ``eventSchemas()``).
    static func eventStream(_ description: String, event: String) -> JSONValue {
        [
            "description": .string(description),
            "content": ["text/event-stream": ["schema": OpenAPISchema.ref(event)]],
        ]
    }

    /// A console file's answer in any of `types`.
    static func consoleAsset(_ description: String, types: [String]) -> JSONValue {
        let content = types.map { ($0, ["schema": OpenAPISchema.string] as JSONValue) }
        return ["description": .string(description), "content": .object(Dictionary(uniqueKeysWithValues: content))]
    }

    /// The answer to a request whose `If-None-Match` names the current `ETag`.
    static let notModified: JSONValue = ["description": "Not modified: the ETag in If-None-Match is current"]

    static func errorResponse(_ description: String) -> JSONValue {
        json("Error", description)
    }

    /// A path parameter; an agent index is below the most agents a session may have, and a console
    /// file is one of ``ConsoleAssets/files``.
    private static func parameter(_ name: String, maxAgents: Int) -> JSONValue {
        let schema: JSONValue =
            switch name {
            case "agent_index": ["type": "integer", "minimum": 0, "maximum": .number(Double(maxAgents - 1))]
            case "file": OpenAPISchema.enumeration(ConsoleAssets.files.map(\.name))
            default: OpenAPISchema.string
            }
        return [
            "name": .string(name),
            "in": "path",
            "required": true,
            "schema": schema,
        ]
    }

    private static func merge(_ lhs: JSONValue, _ rhs: JSONValue) -> JSONValue {
        guard var left = lhs.objectValue, let right = rhs.objectValue else { return rhs }
        for (key, value) in right { left[key] = left[key].map { merge($0, value) } ?? value }
        return .object(left)
    }
}
