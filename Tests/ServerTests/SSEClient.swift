//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// One server-sent event frame as a client sees it.
struct SSEFrame: Sendable, Hashable {
    var event: String?
    var id: String?
    var data: String?
    var comment: String?

    /// The data parsed as JSON.
    var json: JSONValue? { data.flatMap { try? JSONValue(parsing: $0) } }
}

/// Splits a byte stream into SSE frames (on blank lines, LF line ends as the server writes them).
struct SSEFrameSplitter {
    private var pending: [UInt8] = []

    mutating func consume(_ buffer: ByteBuffer) -> [SSEFrame] {
        pending += buffer.readableBytesView
        var frames: [SSEFrame] = []
        while let end = Self.blankLine(in: pending) {
            let text = String(decoding: pending[..<end], as: UTF8.self)
            pending.removeFirst(end + 2)
            var frame = SSEFrame()
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix(": ") {
                    frame.comment = String(line.dropFirst(2))
                } else if line.hasPrefix("event: ") {
                    frame.event = String(line.dropFirst(7))
                } else if line.hasPrefix("id: ") {
                    frame.id = String(line.dropFirst(4))
                } else if line.hasPrefix("data: ") {
                    frame.data = frame.data.map { $0 + "\n" + line.dropFirst(6) } ?? String(line.dropFirst(6))
                }
            }
            frames.append(frame)
        }
        return frames
    }

    private static func blankLine(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 0..<(bytes.count - 1) where bytes[index] == 10 && bytes[index + 1] == 10 { return index }
        return nil
    }
}

/// Reads server-sent events over a real connection with AsyncHTTPClient.
enum SSEClient {
    struct Timeout: Error {}

    /// Sends a request and reads its event stream until `done` holds for the frames so far (or
    /// the stream ends); `onFrame` runs for each frame as it arrives. Cancels the request when done.
    static func read(
        _ url: String,
        method: HTTPMethod = .GET,
        body: String? = nil,
        headers: [(String, String)] = [],
        timeout: Duration = .seconds(240),
        onFrame: @escaping @Sendable (SSEFrame) async throws -> Void = { _ in },
        until done: @escaping @Sendable ([SSEFrame]) -> Bool
    ) async throws -> (status: Int, contentType: String?, frames: [SSEFrame]) {
        try await withThrowingTaskGroup(of: (Int, String?, [SSEFrame]).self) { group in
            group.addTask {
                var request = HTTPClientRequest(url: url)
                request.method = method
                for (name, value) in headers { request.headers.add(name: name, value: value) }
                if let body {
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(ByteBuffer(string: body))
                }
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(240))
                var frames: [SSEFrame] = []
                var splitter = SSEFrameSplitter()
                reading: for try await buffer in response.body {
                    for frame in splitter.consume(buffer) {
                        frames.append(frame)
                        try await onFrame(frame)
                        if done(frames) { break reading }
                    }
                }
                return (Int(response.status.code), response.headers.first(name: "Content-Type"), frames)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw Timeout()
            }
            defer { group.cancelAll() }
            guard let result = try await group.next() else { throw Timeout() }
            return (result.0, result.1, result.2)
        }
    }
}

extension SSEClient {
    /// Posts a JSON body (or gets, without one) over a real connection and parses the JSON answer.
    static func readJSON(_ url: String, body: String?) async throws -> JSONValue {
        var request = HTTPClientRequest(url: url)
        if let body {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(240))
        let buffer = try await response.body.collect(upTo: 1 << 20)
        return try JSONValue(parsing: String(buffer: buffer))
    }
}
