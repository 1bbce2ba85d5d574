//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import AI2AITesting
import NIOHTTP1
import Testing

@Suite("Error mapping")
struct ErrorMappingTests {
    struct StatusCase: Sendable, CustomTestStringConvertible {
        var status: Int
        var kind: ProviderError.Kind
        var testDescription: String { "\(status) -> \(kind)" }
    }

    static let statuses: [StatusCase] = [
        .init(status: 400, kind: .badRequest), .init(status: 401, kind: .authentication),
        .init(status: 403, kind: .permission), .init(status: 404, kind: .notFound),
        .init(status: 408, kind: .timeout), .init(status: 409, kind: .badRequest),
        .init(status: 413, kind: .badRequest), .init(status: 422, kind: .badRequest),
        .init(status: 429, kind: .rateLimited), .init(status: 500, kind: .server),
        .init(status: 502, kind: .server), .init(status: 503, kind: .server),
        .init(status: 529, kind: .overloaded),
    ]

    /// Each provider's error body for a message.
    static func body(provider: String, message: String) -> String {
        switch provider {
        case "anthropic":
            #"{"type":"error","error":{"type":"api_error","message":"\#(message)"},"request_id":"req_body"}"#
        case "ollama": #"{"error":"\#(message)"}"#
        default: #"{"error":{"message":"\#(message)","type":"some_error","code":null}}"#
        }
    }

    private func fail(
        provider: String,
        with response: FakeProviderResponse,
        stream: Bool = false
    ) async throws -> (ProviderError?, Int) {
        let server = try await FakeProviderServer.start(responses: [response])
        defer { Task { try await server.shutdown() } }
        let client = TestProviders.make(provider, baseURL: server.baseURL)
        let request = ModelRequest(model: "m", messages: [.user("Hi")])
        let result =
            stream
            ? await TestProviders.collectStream(client, request) : await TestProviders.collectComplete(client, request)
        return (result.error, server.requests.count)
    }

    @Test(
        "HTTP statuses map to kinds, with the message and request id",
        arguments: ["openai", "anthropic", "ollama"],
        statuses
    )
    func statusMapping(provider: String, status: StatusCase) async throws {
        let response = FakeProviderResponse.json(
            status: status.status,
            Self.body(provider: provider, message: "Something went wrong"),
            headers: [("x-request-id", "req_header")]
        )
        let (error, requests) = try await fail(provider: provider, with: response)
        let failure = try #require(error)
        #expect(failure.kind == status.kind)
        #expect(failure.status == status.status)
        #expect(failure.message == "Something went wrong")
        #expect(failure.requestID == "req_header")
        #expect(failure.provider == provider)
        #expect(requests == 1)
    }

    @Test("Anthropic's request-id header and overloaded_error type")
    func anthropicOverloaded() async throws {
        let response = FakeProviderResponse.json(
            status: 529,
            #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
            headers: [("request-id", "req_011")]
        )
        let (error, _) = try await fail(provider: "anthropic", with: response, stream: true)
        #expect(error?.kind == .overloaded)
        #expect(error?.status == 529)
        #expect(error?.message == "Overloaded")
        #expect(error?.requestID == "req_011")
    }

    @Test("429 carries Retry-After (seconds, milliseconds or an HTTP date)")
    func retryAfter() async throws {
        let (seconds, _) = try await fail(
            provider: "openrouter",
            with: .json(
                status: 429,
                #"{"error":{"code":429,"message":"Rate limited"}}"#,
                headers: [("Retry-After", "7")]
            )
        )
        #expect(seconds?.kind == .rateLimited)
        #expect(seconds?.retryAfter == .seconds(7))
        let now = try #require(ISO8601.date(from: "2015-10-21T07:27:00Z"))
        #expect(
            ProviderError.retryAfter(headers: ["retry-after-ms": "1500", "retry-after": "9"], now: now)
                == .milliseconds(1500)
        )
        #expect(
            ProviderError.retryAfter(headers: ["Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"], now: now)
                == .seconds(60)
        )
        #expect(ProviderError.retryAfter(headers: ["Retry-After": "soon"], now: now) == nil)
        #expect(ProviderError.retryAfter(headers: ["Retry-After": "1e300"], now: now) == .seconds(365 * 24 * 3600))
        #expect(
            ProviderError.retryAfter(headers: ["retry-after-ms": "1e300"], now: now) == .seconds(365 * 24 * 3600)
        )
    }

    @Test("a body that is not JSON is quoted; an empty body gives the status text")
    func plainBodies() async throws {
        let (quoted, _) = try await fail(
            provider: "openai",
            with: FakeProviderResponse(status: 502, body: Array("<html>Bad gateway</html>".utf8))
        )
        #expect(quoted?.kind == .server)
        #expect(quoted?.message == "<html>Bad gateway</html>")
        let (empty, _) = try await fail(provider: "openai", with: FakeProviderResponse(status: 503))
        #expect(empty?.message == "HTTP 503 Service Unavailable")
    }

    @Test("a huge error body is cut, not a failure")
    func hugeErrorBody() async throws {
        let (error, _) = try await fail(
            provider: "openai",
            with: FakeProviderResponse(
                status: 400,
                body: Array(repeating: UInt8(ascii: "x"), count: 200_000),
                chunking: .pieces(of: 4096)
            )
        )
        #expect(error?.kind == .badRequest)
        #expect(error?.status == 400)
        #expect(error?.message.hasPrefix("xxxx") == true)
        #expect((error?.message.count ?? 0) <= 503)
    }

    @Test("malformed successful bodies are decoding errors", arguments: ["openai", "anthropic", "ollama"])
    func malformed(provider: String) async throws {
        let (complete, _) = try await fail(provider: provider, with: .json("{not json"))
        #expect(complete?.kind == .decoding)
        let event = provider == "ollama" ? "{oops\n" : "data: {oops\n\n"
        let (stream, _) = try await fail(
            provider: provider,
            with: FakeProviderResponse(body: Array(event.utf8)),
            stream: true
        )
        #expect(stream?.kind == .decoding)
    }

    @Test("a stream that ends without the end marker is interrupted", arguments: ["openai", "anthropic", "ollama"])
    func interrupted(provider: String) async throws {
        let body =
            switch provider {
            case "anthropic":
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n"
            case "ollama": "{\"message\":{\"content\":\"Hel\"},\"done\":false}\n"
            default: "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"
            }
        let server = try await FakeProviderServer.start(responses: [FakeProviderResponse(body: Array(body.utf8))])
        defer { Task { try await server.shutdown() } }
        let result = await TestProviders.collectStream(
            TestProviders.make(provider, baseURL: server.baseURL),
            ModelRequest(model: "m", messages: [.user("Hi")])
        )
        #expect(result.textDeltas == ["Hel"])
        #expect(result.error?.kind == .streamInterrupted)
    }

    @Test("API keys never appear in errors")
    func keysRedacted() async throws {
        let server = try await FakeProviderServer.start(responses: [
            .json(
                status: 401,
                #"{"error":{"message":"Incorrect API key provided: sk-very-secret-key","type":"invalid_request_error"}}"#
            )
        ])
        defer { Task { try await server.shutdown() } }
        let client = TestProviders.make("openai", baseURL: server.baseURL, apiKey: "sk-very-secret-key")
        let result = await TestProviders.collectComplete(client, ModelRequest(model: "m", messages: [.user("Hi")]))
        let error = try #require(result.error)
        #expect(error.kind == .authentication)
        #expect(!error.description.contains("sk-very-secret-key"))
        #expect(error.message == "Incorrect API key provided: [redacted]")
    }

    @Test("in-stream errors are classified from the body")
    func inStreamClassification() {
        #expect(
            ProviderError.inStream(["type": "overloaded_error", "message": "x"], provider: nil).kind == .overloaded
        )
        #expect(
            ProviderError.inStream(["type": "rate_limit_error", "message": "x"], provider: nil).kind == .rateLimited
        )
        let router = ProviderError.inStream(["code": 502, "message": "Network connection lost."], provider: nil)
        #expect(router.kind == .server)
        #expect(router.status == 200)
        #expect(router.providerCode == "502")
        #expect(ProviderError.inStream(["code": "server_error", "message": "x"], provider: nil).kind == .server)
        #expect(ProviderError.inStream("boom", provider: nil).message == "boom")
    }
}
