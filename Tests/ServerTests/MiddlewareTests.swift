//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AI2AIServer

@Suite("Authentication, body limit, CORS and unknown routes")
struct MiddlewareTests {
    static var secured: ServerConfiguration {
        var configuration = ServerConfiguration.testing
        configuration.apiToken = "s3cret-token"
        return configuration
    }

    @Test("with AI2AI_API_TOKEN every route but /health and the console needs the bearer token")
    func bearerToken() async throws {
        try await TestHarness(configuration: Self.secured).run { client in
            let health = try await client.send(.get, "/health")
            #expect(health.status == .ok)
            #expect(health.json == ["status": "ok"])
            let page = try await client.send(.get, "/")
            #expect(page.status == .ok, "the console holds no data; its own requests carry the token")
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("/console/app.js"))
            #expect(try await client.send(.get, "/console/api.js").status == .ok)

            for (method, path) in [
                (HTTPRequest.Method.get, "/openapi.json"), (.get, "/multi-agent/agents/x"), (.post, "/feedback"),
                (.get, "/metrics"),
            ] {
                let missing = try await client.send(method, path)
                #expect(missing.status == .unauthorized, "\(path)")
                #expect(missing.detail == "Missing bearer token")
                #expect(missing.headers[.wwwAuthenticate] == "Bearer")
                let wrong = try await client.send(method, path, headers: [.authorization: "Bearer s3cret-tokeN"])
                #expect(wrong.status == .unauthorized)
                #expect(wrong.detail == "Invalid bearer token")
                let short = try await client.send(method, path, headers: [.authorization: "Bearer s3cret"])
                #expect(short.status == .unauthorized)
                let basic = try await client.send(method, path, headers: [.authorization: "Basic czNjcmV0LXRva2Vu"])
                #expect(basic.status == .unauthorized)
            }
            let authorized: HTTPFields = [.authorization: "bearer s3cret-token"]
            let document = try await client.send(.get, "/openapi.json", headers: authorized)
            #expect(document.status == .ok)
            #expect(document.json["components"]?["securitySchemes"]?["bearerAuth"]?["scheme"] == "bearer")
            let session = try await client.send(
                .post,
                "/multi-agent/create",
                json: ["num_agents": 1],
                headers: authorized
            )
            #expect(session.status == .ok)
            #expect(!session.text.contains("s3cret"))
        }
    }

    @Test("without a token nothing needs one, and the document declares no security")
    func open() async throws {
        try await TestHarness().run { client in
            let document = try await client.send(.get, "/openapi.json")
            #expect(document.status == .ok)
            #expect(document.json["components"]?["securitySchemes"] == nil)
            #expect(!document.text.contains("bearerAuth"))
        }
    }

    @Test("bodies over the limit are refused with 413 and a JSON detail")
    func bodyLimit() async throws {
        var configuration = ServerConfiguration.testing
        configuration.maxBodyBytes = 64
        try await TestHarness(configuration: configuration).run { client in
            let big = #"{"context": "\#(String(repeating: "x", count: 100))", "question": "q"}"#
            let refused = try await client.send(.post, "/feedback", body: big)
            #expect(refused.status == .contentTooLarge)
            #expect(refused.detail == "Request body too large (limit 64 bytes)")
            let small = try await client.send(.post, "/session/create", body: #"{"title": "ok"}"#)
            #expect(small.status == .ok)
        }
    }

    @Test("the default limit is 1 MiB")
    func defaultLimit() async throws {
        #expect(ServerConfiguration().maxBodyBytes == 1_048_576)
        try await TestHarness().run { client in
            let title = String(repeating: "t", count: 1_048_576)
            let refused = try await client.send(.post, "/session/create", body: #"{"title": "\#(title)"}"#)
            #expect(refused.status == .contentTooLarge)
        }
    }

    @Test("CORS for the listed origins only: exact match, Vary: Origin, preflights answered without a token")
    func cors() async throws {
        var configuration = Self.secured
        configuration.corsOrigins = ["https://ui.example", "http://localhost:5173"]
        try await TestHarness(configuration: configuration).run { client in
            let preflight = try await client.send(
                .options,
                "/multi-agent/create",
                headers: [.origin: "https://ui.example", .accessControlRequestMethod: "POST"]
            )
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "https://ui.example")
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)
            #expect(preflight.headers[.accessControlAllowHeaders]?.lowercased().contains("authorization") == true)
            #expect(preflight.headers[values: .vary].contains("Origin"))

            let denied = try await client.send(.get, "/openapi.json", headers: [.origin: "http://localhost:5173"])
            #expect(denied.status == .unauthorized)
            #expect(denied.headers[.accessControlAllowOrigin] == "http://localhost:5173", "error answers carry it too")

            for origin in ["https://ui.example.evil", "https://ui.example:8443", "http://ui.example", "null"] {
                let foreign = try await client.send(.get, "/health", headers: [.origin: origin])
                #expect(foreign.status == .forbidden, "\(origin)")
                #expect(foreign.headers[.accessControlAllowOrigin] == nil, "\(origin)")
                #expect(foreign.detail?.contains("AI2AI_CORS_ORIGIN") == true, "\(origin)")
            }
            let plain = try await client.send(.get, "/health")
            #expect(plain.headers[.accessControlAllowOrigin] == nil)
            #expect(plain.headers[values: .vary].contains("Origin"), "the answer depends on Origin")
        }
        var any = ServerConfiguration.testing
        any.corsOrigins = ["*"]
        try await TestHarness(configuration: any).run { client in
            let health = try await client.send(.get, "/health", headers: [.origin: "https://anywhere.example"])
            #expect(health.status == .ok)
            #expect(health.headers[.accessControlAllowOrigin] == "*")
        }
    }

    @Test("the server's own page (same origin) is served without CORS configuration")
    func sameOrigin() async throws {
        try await TestHarness().run(.live) { client in
            let port = try #require(client.port)
            let answer = try await RawConnection.send(
                "POST /session/create HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nOrigin: http://127.0.0.1:\(port)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
                port: port
            )
            #expect(answer.status == 200, "\(answer.body)")
            #expect(answer.header("access-control-allow-origin") == nil)
        }
    }

    @Test("unknown routes answer 404, known paths with another method 405 with Allow")
    func unknownRoute() async throws {
        try await TestHarness().run { client in
            let response = try await client.send(.get, "/no/such/route")
            #expect(response.status == .notFound)
            #expect(response.detail == "Not Found")
            let wrongMethod = try await client.send(.delete, "/health")
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.detail == "Method Not Allowed")
            #expect(wrongMethod.headers[.allow] == "GET")
            let post = try await client.send(.get, "/multi-agent/create")
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers[.allow] == "POST")
            let tasks = try await client.send(.put, "/multi-agent/tasks/abc")
            #expect(tasks.headers[.allow] == "GET")
            let deeper = try await client.send(.get, "/multi-agent/tasks/abc/def/ghi")
            #expect(deeper.status == .notFound)
        }
    }
}
