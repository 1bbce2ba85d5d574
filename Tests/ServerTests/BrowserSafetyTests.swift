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

@Suite("Safe for the browser by default: no CORS, no foreign origins or hosts", .timeLimit(.minutes(5)))
struct BrowserSafetyTests {
    @Test("without AI2AI_CORS_ORIGIN no answer carries CORS headers, and a foreign origin cannot create sessions")
    func noCORSByDefault() async throws {
        let harness = TestHarness()
        try await harness.run { client in
            let health = try await client.send(.get, "/health", headers: [.origin: "https://evil.example"])
            #expect(health.headers[.accessControlAllowOrigin] == nil)
            let preflight = try await client.send(
                .options,
                "/multi-agent/create",
                headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"]
            )
            #expect(preflight.headers[.accessControlAllowOrigin] == nil)
            #expect(preflight.status.code >= 400)
            // A "simple" request needs no preflight: a page can send it with text/plain.
            let created = try await client.send(
                .post,
                "/multi-agent/create",
                body: #"{"num_agents": 1}"#,
                headers: [.origin: "https://evil.example", .contentType: "text/plain"]
            )
            #expect(created.status == .forbidden)
            #expect(created.detail?.contains("AI2AI_CORS_ORIGIN") == true, "\(created.text)")
            #expect(try await harness.services.store.sessions(limit: 10, offset: 0).isEmpty)
            // No Origin (curl, SDKs) is not a browser: served.
            let plain = try await client.send(.post, "/multi-agent/create", json: ["num_agents": 1])
            #expect(plain.status == .ok)
        }
    }

    @Test("a Host that is neither the bound address nor localhost is refused (DNS rebinding)")
    func foreignHost() async throws {
        try await TestHarness().run(.live) { client in
            let port = try #require(client.port)
            for host in ["evil.example", "evil.example:\(port)", "192.168.1.20:\(port)"] {
                let answer = try await RawConnection.send(
                    "GET /multi-agent/tasks/x HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n",
                    port: port
                )
                #expect(answer.status == 421, "\(host): \(answer.status.map(String.init) ?? "no status")")
                let detail = try? JSONValue(parsing: answer.body)["detail"]?.stringValue
                #expect(detail?.contains("AI2AI_ALLOWED_HOSTS") == true, "\(answer.body)")
            }
            for host in ["localhost", "localhost:\(port)", "127.0.0.1:\(port)", "[::1]:\(port)", "LOCALHOST:1"] {
                let answer = try await RawConnection.send(
                    "GET /multi-agent/tasks/x HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n",
                    port: port
                )
                #expect(answer.status == 404, "\(host): an unknown session, not a refused host")
            }
        }
    }

    @Test(
        "a path with a trailing or doubled slash answers like the plain path, token exemption included",
        arguments: ["/health/", "//health", "//health//", "/health?x=1", "/health/?x=1"]
    )
    func pathNormalization(path: String) async throws {
        var configuration = ServerConfiguration.testing
        configuration.apiToken = "secret"
        try await TestHarness(configuration: configuration).run { client in
            let response = try await client.send(.get, path)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json == ["status": "ok"])
            let page = try await client.send(.get, path.replacingOccurrences(of: "health", with: ""))
            #expect(page.status == .ok, "the page at / needs no token either")
        }
    }

    @Test("a trailing slash on a route with parameters reaches the route")
    func parameterPathNormalization() async throws {
        try await TestHarness().run { client in
            let response = try await client.send(.get, "/multi-agent/tasks/nope/")
            #expect(response.status == .notFound)
            #expect(response.detail?.contains("nope") == true, "the route's 404, not the router's: \(response.text)")
            let doubled = try await client.send(.get, "/multi-agent//tasks/nope")
            #expect(doubled.detail?.contains("nope") == true, "\(doubled.text)")
        }
    }

    @Test("binding a non-loopback HOST without a token refuses to start, with a message that says what to set")
    func exposedWithoutToken() async throws {
        let server = try ServerProcess(environment: ["HOST": "0.0.0.0", "DATABASE_URL": "memory"])
        await #expect(throws: ServerProcess.Failure.self) { _ = try await server.waitUntilListening() }
        #expect(!server.process.isRunning)
        #expect(server.process.terminationStatus != 0)
        #expect(server.log.contains("AI2AI_API_TOKEN"), "\(server.log)")
        #expect(server.log.contains("AI2AI_ALLOW_NO_TOKEN"), "\(server.log)")
    }
}
