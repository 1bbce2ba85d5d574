//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import AI2AITesting
import Testing

/// Errors inside a stream that answered 200 look the same for every provider: the HTTP status
/// is the answer's (200), the provider's own code is apart, and the request id comes from the
/// answer's headers.
@Suite("In-band errors")
struct InBandErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var provider: String
        var contentType: String
        var body: String
        var kind: ProviderError.Kind
        var code: String?
        var message: String
        var testDescription: String { provider + (code.map { " " + $0 } ?? "") }
    }

    static let cases: [Case] = [
        Case(
            provider: "openrouter",
            contentType: "text/event-stream",
            body: #"data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}"# + "\n\n"
                + #"data: {"error":{"code":502,"message":"Network connection lost."},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"#
                + "\n\n",
            kind: .server,
            code: "502",
            message: "Network connection lost."
        ),
        Case(
            provider: "openrouter",
            contentType: "text/event-stream",
            body: #"data: {"error":{"code":429,"message":"Slow down"},"choices":[]}"# + "\n\n",
            kind: .rateLimited,
            code: "429",
            message: "Slow down"
        ),
        Case(
            provider: "openai",
            contentType: "text/event-stream",
            body: #"data: {"error":{"message":"Oops","type":"server_error"}}"# + "\n\n",
            kind: .server,
            code: "server_error",
            message: "Oops"
        ),
        Case(
            provider: "anthropic",
            contentType: "text/event-stream",
            body: "event: error\n"
                + #"data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
                + "\n\n",
            kind: .overloaded,
            code: "overloaded_error",
            message: "Overloaded"
        ),
        Case(
            provider: "ollama",
            contentType: "application/x-ndjson",
            body: #"{"error":"model crashed"}"# + "\n",
            kind: .server,
            code: nil,
            message: "model crashed"
        ),
    ]

    @Test("status 200, the answer's request id, the provider's code apart", arguments: cases)
    func uniform(_ test: Case) async throws {
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                headers: [("Content-Type", test.contentType), ("x-request-id", "req_in_band")],
                body: Array(test.body.utf8)
            )
        ])
        defer { Task { try await server.shutdown() } }
        let client = TestProviders.make(test.provider, baseURL: server.baseURL)
        let result = await TestProviders.collectStream(client, ModelRequest(model: "m", messages: [.user("Hi")]))
        let error = try #require(result.error)
        #expect(error.kind == test.kind)
        #expect(error.status == 200)
        #expect(error.message == test.message)
        #expect(error.requestID == "req_in_band")
        #expect(error.providerCode == test.code)
    }
}
