//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
import Foundation

/// A response for ``FakeProviderServer`` to serve: a status, headers and a body written in
/// chosen pieces, optionally with delays, a stall or a dropped connection.
///
/// ```swift
/// let response = FakeProviderResponse(
///     status: 200,
///     headers: [("Content-Type", "text/event-stream")],
///     body: Array("data: [DONE]\n\n".utf8),
///     chunking: .pieces(of: 1)
/// )
/// ```
public struct FakeProviderResponse: Sendable {
    /// How the body is cut into writes.
    public enum Chunking: Sendable, Hashable {
        /// One write.
        case whole
        /// Writes of this many bytes (the last may be shorter).
        case pieces(of: Int)
        /// Writes that end at these byte offsets (sorted, within the body).
        case splits(at: [Int])
    }

    /// The HTTP status.
    public var status: Int
    /// The headers, in order.
    public var headers: [(String, String)]
    /// The body bytes.
    public var body: [UInt8]
    /// How the body is cut into writes.
    public var chunking: Chunking
    /// A pause before each write after the first.
    public var delay: Duration?
    /// Stop writing (and keep the connection open) after this many body bytes.
    public var stallAfter: Int?
    /// Reset the connection (TCP RST) after this many body bytes.
    public var resetAfter: Int?

    /// Creates a response.
    /// - Parameters:
    ///   - status: The HTTP status (default 200).
    ///   - headers: The headers, in order.
    ///   - body: The body bytes.
    ///   - chunking: How the body is cut into writes (default one write).
    ///   - delay: A pause before each write after the first.
    ///   - stallAfter: Stop writing after this many body bytes, keeping the connection open.
    ///   - resetAfter: Reset the connection (TCP RST) after this many body bytes.
    public init(
        status: Int = 200,
        headers: [(String, String)] = [],
        body: [UInt8] = [],
        chunking: Chunking = .whole,
        delay: Duration? = nil,
        stallAfter: Int? = nil,
        resetAfter: Int? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.chunking = chunking
        self.delay = delay
        self.stallAfter = stallAfter
        self.resetAfter = resetAfter
    }

    /// A JSON response.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - json: The body text.
    ///   - headers: More headers.
    public static func json(status: Int = 200, _ json: String, headers: [(String, String)] = []) -> FakeProviderResponse
    {
        FakeProviderResponse(
            status: status,
            headers: [("Content-Type", "application/json")] + headers,
            body: Array(json.utf8)
        )
    }

    /// The body cut as ``chunking`` says, after any stall or reset cut-off.
    var pieces: [ArraySlice<UInt8>] {
        let limit = min(body.count, stallAfter ?? body.count, resetAfter ?? body.count)
        let bytes = body[..<limit]
        var offsets: [Int]
        switch chunking {
        case .whole:
            offsets = []
        case .pieces(let size):
            offsets = Array(stride(from: max(size, 1), to: bytes.count, by: max(size, 1)))
        case .splits(let at):
            offsets = at.filter { $0 > 0 && $0 < bytes.count }.sorted()
        }
        offsets.append(bytes.count)
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        for end in offsets where end > start {
            result.append(bytes[start..<end])
            start = end
        }
        return result
    }
}

/// A request ``FakeProviderServer`` received.
public struct FakeProviderRequest: Sendable {
    /// The method (`POST`).
    public var method: String
    /// The path and query (`/v1/chat/completions`).
    public var path: String
    /// The headers, in order.
    public var headers: [(String, String)]
    /// The body.
    public var body: [UInt8]

    /// Creates a record.
    public init(method: String, path: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The first value of a header (case-insensitive name).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body parsed as JSON.
    /// - Throws: When the body is not JSON.
    public func jsonBody() throws -> JSONValue {
        try JSONValue(parsing: Data(body))
    }
}
