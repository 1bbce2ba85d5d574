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

@Suite("Malformed framing gets 400 with an empty body; other errors are JSON", .timeLimit(.minutes(5)))
struct FramingTests {
    static let body = #"{"title": "t"}"#

    /// Requests whose body length cannot be known for sure: request smuggling material.
    static let malformed: [String] = [
        "Content-Length: 99999999999999999999999\r\n",
        "Content-Length: 18446744073709551616\r\n",
        "Content-Length: -1\r\n",
        "Content-Length: -14\r\n",
        "Content-Length: 14\r\nContent-Length: 15\r\n",
        "Content-Length: 14, 15\r\n",
        "Content-Length: 14\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 14\r\n",
        "Content-Length: 1e3\r\n",
        "Content-Length: 0x0e\r\n",
    ]

    /// Chunked bodies whose framing breaks after the head was read (the route is already running).
    static let malformedChunks: [String] = [
        "zz\r\n{}\r\n0\r\n\r\n",
        "fffffffffffffffffffffff\r\n{}\r\n0\r\n\r\n",
        "2\r\n{}XX0\r\n\r\n",
        "-2\r\n{}\r\n0\r\n\r\n",
    ]

    @Test(
        "a Content-Length that overflows, is negative, repeated with other values or beside Transfer-Encoding",
        arguments: malformed
    )
    func malformedFraming(headers: String) async throws {
        try await TestHarness().run(.live) { client in
            let port = try #require(client.port)
            let answer = try await RawConnection.send(
                "POST /session/create HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + headers + "Connection: close\r\n\r\n" + Self.body,
                port: port
            )
            #expect(answer.status == 400, "\(String(decoding: answer.bytes, as: UTF8.self))")
            #expect(answer.body.isEmpty, "\(answer.body)")
            #expect(answer.header("content-length") == "0")
        }
    }

    @Test("a chunked body with a malformed chunk, read by a running route", arguments: malformedChunks)
    func malformedChunk(body: String) async throws {
        try await TestHarness().run(.live) { client in
            let port = try #require(client.port)
            let answer = try await RawConnection.send(
                "POST /session/create HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + body,
                port: port
            )
            #expect(answer.status == 400, "\(String(decoding: answer.bytes, as: UTF8.self))")
            #expect(answer.body.isEmpty, "\(answer.body)")
            #expect(
                String(decoding: answer.bytes, as: UTF8.self).components(separatedBy: "HTTP/1.1 ").count == 2,
                "one answer only"
            )
        }
    }

    @Test("well-framed bodies are served, and error answers over a real connection are JSON with a detail")
    func wellFramed() async throws {
        try await TestHarness().run(.live) { client in
            let port = try #require(client.port)
            let request = "POST /session/create HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            let ok = try await RawConnection.send(
                request + "Content-Length: 14\r\nConnection: close\r\n\r\n" + Self.body,
                port: port
            )
            #expect(ok.status == 200)
            let chunked = try await RawConnection.send(
                request + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\ne\r\n\(Self.body)\r\n0\r\n\r\n",
                port: port
            )
            #expect(chunked.status == 200)
            for (text, status) in [
                (request + "Content-Length: 1\r\nConnection: close\r\n\r\n{", 400),
                ("GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 404),
                ("DELETE /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 405),
            ] {
                let answer = try await RawConnection.send(text, port: port)
                #expect(answer.status == status, "\(text)")
                #expect(answer.header("content-type")?.hasPrefix("application/json") == true, "\(text)")
                #expect((try? JSONValue(parsing: answer.body))?["detail"]?.stringValue != nil, "\(answer.body)")
            }
        }
    }
}
