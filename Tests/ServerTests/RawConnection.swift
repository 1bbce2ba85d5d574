//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain TCP connection to a loopback server, for what HTTP clients will not send: malformed
/// framing, a foreign `Host`, a request head that never ends, nothing at all.
enum RawConnection {
    struct Timeout: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out: \(what)" }
    }

    /// An answer read up to the server's closing the connection.
    struct Answer: Sendable {
        /// Every byte the server sent.
        var bytes: [UInt8]
        /// The status code of the first status line, if any.
        var status: Int? {
            let text = String(decoding: bytes.prefix(32), as: UTF8.self)
            let parts = text.split(separator: " ", maxSplits: 2)
            return parts.count >= 2 && parts[0].hasPrefix("HTTP/") ? Int(parts[1]) : nil
        }
        /// The header lines of the first answer, lower-cased names.
        var headers: [(name: String, value: String)] {
            head.split(separator: "\r\n").dropFirst().compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (
                    line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                )
            }
        }
        /// The first value of a header.
        func header(_ name: String) -> String? { headers.first { $0.name == name.lowercased() }?.value }
        /// Everything after the head of the first answer.
        var body: String {
            let text = String(decoding: bytes, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { return "" }
            return String(text[end.upperBound...])
        }
        private var head: String {
            let text = String(decoding: bytes, as: UTF8.self)
            return text.range(of: "\r\n\r\n").map { String(text[..<$0.lowerBound]) } ?? text
        }
    }

    /// Sends `request` as it is, then reads until the server closes the connection.
    /// - Parameters:
    ///   - request: The bytes to send (usually a request with `Connection: close`).
    ///   - port: The loopback port.
    ///   - timeout: How long to wait for the server to close.
    static func send(_ request: String, port: Int, timeout: Duration = .seconds(30)) async throws -> Answer {
        try await withConnection(port: port, timeout: timeout) { inbound, outbound in
            // A server that refuses the request may close before all of it is written: what it
            // answered is still to be read.
            try? await outbound.write(ByteBuffer(string: request))
            return Answer(bytes: try await readToEnd(inbound))
        }
    }

    /// Opens a connection, sends `prefix`, then one byte of `trickle` every `interval` (nothing
    /// when it is empty), and waits until the server closes the connection.
    /// - Returns: How long the connection stayed open, and what the server sent.
    static func waitForClose(
        port: Int,
        prefix: String = "",
        trickle: String = "",
        interval: Duration = .milliseconds(200),
        timeout: Duration = .seconds(30)
    ) async throws -> (openFor: Duration, answer: Answer) {
        let clock = ContinuousClock()
        let start = clock.now
        let answer = try await withConnection(port: port, timeout: timeout) { inbound, outbound in
            // On a loaded machine the server may already have closed the connection: that is the
            // close being waited for, and the reader sees it.
            if !prefix.isEmpty { try? await outbound.write(ByteBuffer(string: prefix)) }
            return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
                group.addTask { try await readToEnd(inbound) }
                if !trickle.isEmpty {
                    group.addTask {
                        // Writing fails once the server has closed the connection: that ends it.
                        for byte in trickle.utf8 {
                            try? await Task.sleep(for: interval)
                            if Task.isCancelled { break }
                            guard (try? await outbound.write(ByteBuffer(bytes: [byte]))) != nil else { break }
                        }
                        return nil
                    }
                }
                // The reader ends when the server closes; a writer that runs out of bytes does not
                // end the wait.
                while let bytes = try await group.next() {
                    if let bytes {
                        group.cancelAll()
                        return bytes
                    }
                }
                return []
            }
        }
        return (clock.now - start, Answer(bytes: answer))
    }

    /// Opens a connection that sends nothing and stays open until the server closes it or the
    /// caller's task is cancelled; `opened` runs once it is connected.
    static func holdSilent(port: Int, opened: @escaping @Sendable () -> Void) async throws {
        try await withConnection(port: port, timeout: .seconds(3_600)) { inbound, _ in
            opened()
            _ = try await readToEnd(inbound)
        }
    }

    private static func withConnection<Value: Sendable>(
        port: Int,
        timeout: Duration,
        _ body:
            @escaping @Sendable (
                NIOAsyncChannelInboundStream<ByteBuffer>, NIOAsyncChannelOutboundWriter<ByteBuffer>
            ) async throws -> Value
    ) async throws -> Value {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await withThrowingTaskGroup(of: Value.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in try await body(inbound, outbound) }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw Timeout(what: "the server did not close the connection within \(timeout)")
            }
            defer { group.cancelAll() }
            guard let value = try await group.next() else { throw Timeout(what: "no result") }
            return value
        }
    }

    private static func readToEnd(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            for try await buffer in inbound { bytes += buffer.readableBytesView }
        } catch let error as IOError where error.errnoCode == ECONNRESET {
            // A reset after the answer still ends the connection.
        }
        return bytes
    }
}
