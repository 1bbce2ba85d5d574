//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import AI2AITesting
import Testing

/// Replays every conformance case through the loopback server and the real clients.
@Suite("Conformance replay")
struct ConformanceReplayTests {
    @Test("corpus is complete")
    func corpusIsComplete() {
        #expect(ConformanceCase.recordingNames.count == 57)
        #expect(ConformanceCase.chunkReplayNames.count == 30)
        #expect(ConformanceCase.httpErrorNames.count == 6)
        #expect(
            ConformanceCase.streamNames.count + ConformanceCase.httpErrorNames.count + 12 == 87,
            "12 complete answers"
        )
        #expect(ConformanceCase.smallNames.count > 40)
    }

    @Test("replay through the fake server", arguments: ConformanceCase.allNames, [Split.whole, .random, .multibyte])
    func replay(_ path: String, split: Split) async throws {
        let fixture = try ConformanceCase.load(path)
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                status: fixture.status,
                headers: [("Content-Type", fixture.contentType), ("x-request-id", "req_test")],
                body: fixture.body,
                chunking: .splits(at: split.offsets(for: fixture.body))
            )
        ])
        defer { Task { try await server.shutdown() } }
        let provider = TestProviders.make(
            fixture.provider,
            baseURL: Self.baseURL(for: fixture.provider, server: server)
        )
        let request = ModelRequest(
            model: fixture.file["request"]?["model"]?.stringValue ?? "test-model",
            messages: [.user("Hi")]
        )
        let result =
            fixture.isStream
            ? await TestProviders.collectStream(provider, request)
            : await TestProviders.collectComplete(provider, request)
        ConformanceExpectations.check(result, against: fixture)
        #expect(server.requests.count == 1, "no retry of a replayed answer")
        if fixture.outcome == "http_error" {
            #expect(result.error?.requestID == "req_test")
        }
    }

    @Test("one byte per write through the fake server (bodies up to 2 KiB)", arguments: ConformanceCase.smallNames)
    func replayBytes(_ path: String) async throws {
        let fixture = try ConformanceCase.load(path)
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                status: fixture.status,
                headers: [("Content-Type", fixture.contentType)],
                body: fixture.body,
                chunking: .pieces(of: 1)
            )
        ])
        defer { Task { try await server.shutdown() } }
        let provider = TestProviders.make(
            fixture.provider,
            baseURL: Self.baseURL(for: fixture.provider, server: server)
        )
        let request = ModelRequest(model: "test-model", messages: [.user("Hi")])
        let result =
            fixture.isStream
            ? await TestProviders.collectStream(provider, request)
            : await TestProviders.collectComplete(provider, request)
        ConformanceExpectations.check(result, against: fixture)
    }

    @Test("HTTP errors fail a stream the same way", arguments: ConformanceCase.httpErrorNames)
    func httpErrorsInStreams(_ path: String) async throws {
        let fixture = try ConformanceCase.load(path)
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                status: fixture.status,
                headers: [("Content-Type", fixture.contentType)],
                body: fixture.body
            )
        ])
        defer { Task { try await server.shutdown() } }
        let provider = TestProviders.make(
            fixture.provider,
            baseURL: Self.baseURL(for: fixture.provider, server: server)
        )
        let result = await TestProviders.collectStream(provider, ModelRequest(model: "m", messages: [.user("Hi")]))
        #expect(result.events.isEmpty)
        ConformanceExpectations.check(result, against: fixture)
    }

    @Test("every split decodes to the same events", arguments: ConformanceCase.streamNames)
    func splitsAgree(_ path: String) throws {
        let fixture = try ConformanceCase.load(path)
        let reference = TestProviders.decode(provider: fixture.provider, pieces: Split.whole.pieces(of: fixture.body))
        ConformanceExpectations.check(reference, against: fixture)
        for split in Split.allCases {
            let result = TestProviders.decode(provider: fixture.provider, pieces: split.pieces(of: fixture.body))
            #expect(result.events == reference.events, "split \(split)")
            #expect(result.error?.kind == reference.error?.kind, "split \(split)")
            #expect(result.error?.message == reference.error?.message, "split \(split)")
        }
    }

    static func baseURL(for provider: String, server: FakeProviderServer) -> String {
        switch provider {
        case "openai", "openrouter": server.baseURL + "/v1"
        default: server.baseURL
        }
    }
}
