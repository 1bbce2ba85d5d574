//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AsyncHTTPClient
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Testing

@testable import AI2AIServer

@Suite("Chunked bodies over a real connection", .timeLimit(.minutes(5)))
struct ChunkedBodyTests {
    /// Posts `chunks` as a chunked body (no `Content-Length`) and returns the status and body.
    static func post(_ url: String, chunks: [String]) async throws -> (Int, JSONValue) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        let buffers = chunks.map { ByteBuffer(string: $0) }
        request.body = .stream(buffers.async, length: .unknown)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(240))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), (try? JSONValue(parsing: String(buffer: body))) ?? .null)
    }

    @Test("a chunked body over the limit is refused with 413 while it is read; one under it is decoded")
    func chunkedLimit() async throws {
        var configuration = ServerConfiguration.testing
        configuration.maxBodyBytes = 100
        try await TestHarness(configuration: configuration).run(.live) { client in
            let url = "http://127.0.0.1:\(try #require(client.port))/session/create"
            let (tooLarge, refusal) = try await Self.post(
                url,
                chunks: [#"{"title": ""#] + Array(repeating: String(repeating: "x", count: 40), count: 5) + [#""}"#]
            )
            #expect(tooLarge == 413)
            #expect(refusal["detail"] == "Request body too large (limit 100 bytes)")
            let (ok, created) = try await Self.post(url, chunks: [#"{"ti"#, #"tle": "ch"#, #"unked"}"#])
            #expect(ok == 200)
            #expect(created["session_id"]?.stringValue?.isEmpty == false)
        }
    }
}

extension Array where Element: Sendable {
    /// The elements as an async sequence.
    var async: AsyncStream<Element> {
        let (stream, continuation) = AsyncStream.makeStream(of: Element.self)
        for element in self { continuation.yield(element) }
        continuation.finish()
        return stream
    }
}
