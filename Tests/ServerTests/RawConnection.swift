//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain TCP connection to a loopback server, for what HTTP clients will not send: malformed
/// framing, a foreign `Host`, a request head that never ends, nothing at all.
///
/// It uses blocking POSIX sockets on a thread of its own, not SwiftNIO. A server that refuses a
/// request closes the connection with the request body still unread, and the kernel then sends a
/// reset right behind the answer. A blocking `read(2)` returns the answer before it reports the
/// reset, as curl and browsers see it; SwiftNIO handles a reset before pending reads and drops the
/// answer, which made these tests fail on a loaded machine when both arrived in one wake-up.
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
    static func send(_ request: String, port: Int, timeout: Duration = .seconds(240)) async throws -> Answer {
        try await withConnection(port: port, timeout: timeout) { socket, deadline in
            // A server that refuses the request may close before all of it is written: what it
            // answered is still to be read.
            socket.writeAll(Array(request.utf8))
            return Answer(bytes: try socket.readToEnd(until: deadline))
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
        timeout: Duration = .seconds(240)
    ) async throws -> (openFor: Duration, answer: Answer) {
        let clock = ContinuousClock()
        let start = clock.now
        let answer = try await withConnection(port: port, timeout: timeout) { socket, deadline in
            // On a loaded machine the server may already have closed the connection: that is the
            // close being waited for, and the reader sees it.
            if !prefix.isEmpty { socket.writeAll(Array(prefix.utf8)) }
            return try socket.readToEnd(until: deadline, trickle: Array(trickle.utf8), every: interval)
        }
        return (clock.now - start, Answer(bytes: answer))
    }

    /// Opens a connection that sends nothing and stays open until the server closes it or the
    /// caller's task is cancelled; `opened` runs once it is connected.
    static func holdSilent(port: Int, opened: @escaping @Sendable () -> Void) async throws {
        _ = try await withConnection(port: port, timeout: .seconds(3_600)) { socket, deadline in
            opened()
            return try socket.readToEnd(until: deadline)
        }
    }

    /// Connects, then runs `body` on a thread of its own; cancelling the caller shuts the socket
    /// down, which ends any blocking call in `body`.
    private static func withConnection<Value: Sendable>(
        port: Int,
        timeout: Duration,
        _ body: @escaping @Sendable (BlockingSocket, ContinuousClock.Instant) throws -> Value
    ) async throws -> Value {
        let deadline = ContinuousClock.now + timeout
        let socket = try BlockingSocket(loopbackPort: port)
        defer { socket.close() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread {
                    continuation.resume(with: Result { try body(socket, deadline) })
                }
            }
        } onCancel: {
            socket.shutDown()
        }
    }
}

/// A connected TCP socket with blocking calls. `shutDown()` and `close()` may come from any thread;
/// the lock keeps them from touching a descriptor number that was closed and reused.
private final class BlockingSocket: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var call: String
        var code: Int32
        var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
    }

    private let descriptor: Int32
    private let isOpen = Mutex(true)

    init(loopbackPort port: Int) throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(call: "socket", code: errno) }
        #if canImport(Darwin)
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            _ = Self.close(fd)
            throw Failure(call: "connect to 127.0.0.1:\(port)", code: code)
        }
        descriptor = fd
    }

    /// Writes every byte, or stops silently at the first error (the server closed the connection).
    func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                Self.send(descriptor, buffer.baseAddress, buffer.count)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// Reads until the peer closes the connection (an orderly close or a reset), sending one byte
    /// of `trickle` every `interval` meanwhile until a write fails.
    func readToEnd(
        until deadline: ContinuousClock.Instant,
        trickle: [UInt8] = [],
        every interval: Duration = .milliseconds(200)
    ) throws -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        var pending = trickle[...]
        var nextWrite = ContinuousClock.now + interval
        while true {
            let now = ContinuousClock.now
            guard now < deadline else {
                throw RawConnection.Timeout(what: "the server did not close the connection in time")
            }
            if !pending.isEmpty, now >= nextWrite {
                let byte = pending.removeFirst()
                let written = [byte].withUnsafeBytes {
                    Self.send(descriptor, $0.baseAddress, 1)
                }
                if written != 1 { pending = [] }
                nextWrite = now + interval
            }
            let wakeUp = pending.isEmpty ? deadline : min(deadline, nextWrite)
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Self.milliseconds(from: now, to: wakeUp))
            if ready < 0 {
                if errno == EINTR { continue }
                throw Failure(call: "poll", code: errno)
            }
            if ready == 0 { continue }
            let count = buffer.withUnsafeMutableBytes { Self.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                received += buffer[..<count]
            } else if count == 0 {
                return received
            } else if errno == EINTR || errno == EAGAIN {
                continue
            } else if errno == ECONNRESET {
                // A reset after the answer still ends the connection.
                return received
            } else {
                throw Failure(call: "read", code: errno)
            }
        }
    }

    /// Ends blocking calls on the socket: they see the connection closed.
    func shutDown() {
        isOpen.withLock { open in
            if open { _ = Self.shutdown(descriptor) }
        }
    }

    func close() {
        isOpen.withLock { open in
            if open { _ = Self.close(descriptor) }
            open = false
        }
    }

    private static func milliseconds(from now: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Int32 {
        let left = end - now
        let milliseconds = left.components.seconds * 1_000 + left.components.attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(1, min(milliseconds, 1_000)))
    }

    // The system calls, named apart from the methods above.
    #if canImport(Glibc)
    private static func send(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
        Glibc.send(fd, bytes, count, Int32(MSG_NOSIGNAL))
    }
    private static func read(_ fd: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        Glibc.read(fd, bytes, count)
    }
    private static func shutdown(_ fd: Int32) -> Int32 { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
    private static func close(_ fd: Int32) -> Int32 { Glibc.close(fd) }
    #else
    private static func send(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
        Darwin.send(fd, bytes, count, 0)
    }
    private static func read(_ fd: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        Darwin.read(fd, bytes, count)
    }
    private static func shutdown(_ fd: Int32) -> Int32 { Darwin.shutdown(fd, SHUT_RDWR) }
    private static func close(_ fd: Int32) -> Int32 { Darwin.close(fd) }
    #endif
}
