//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation
import Testing

/// The built server with a three-second header timeout (short, yet long enough for a loaded
/// machine to send a request in time) and a long idle timeout, so that only the header timeout
/// can close what these tests open.
@Suite("Slow clients are closed; a capped server keeps answering", .timeLimit(.minutes(5)))
struct SlowClientTests {
    static let environment = [
        "DATABASE_URL": "memory", "AI2AI_HEADER_TIMEOUT_SECONDS": "3", "AI2AI_IDLE_TIMEOUT_SECONDS": "300",
    ]

    @Test("a connection that sends nothing is closed after the header timeout, without an answer")
    func silentConnection() async throws {
        let server = try ServerProcess(environment: Self.environment)
        let port = try await server.waitUntilListening()
        let (openFor, answer) = try await RawConnection.waitForClose(port: port, timeout: .seconds(240))
        #expect(openFor >= .seconds(3))
        #expect(answer.bytes.isEmpty, "\(String(decoding: answer.bytes, as: UTF8.self))")
        await server.terminate()
    }

    @Test("a request head sent one byte at a time is closed after the header timeout, though bytes keep coming")
    func tricklingHead() async throws {
        let server = try ServerProcess(environment: Self.environment)
        let port = try await server.waitUntilListening()
        // 600 bytes at 5 per second would take two minutes: the header timeout must end it.
        let (openFor, _) = try await RawConnection.waitForClose(
            port: port,
            prefix: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n",
            trickle: "X-Slow: " + String(repeating: "a", count: 600),
            interval: .milliseconds(200),
            timeout: .seconds(240)
        )
        #expect(openFor >= .seconds(3))
        await server.terminate()
    }

    /// The cap is checked before each accept round and a round accepts up to 4 waiting
    /// connections (SwiftNIO's `maxMessagesPerRead`), so a server capped at 2 holds at most 5. Six
    /// silent connections, all connected before the probe, leave the probe in the backlog until
    /// the header timeout frees slots.
    @Test(
        "at the connection cap, silent connections hold every slot until the header timeout frees one for /health"
    )
    func cappedServerAnswers() async throws {
        var environment = Self.environment
        environment["AI2AI_MAX_CONNECTIONS"] = "2"
        let server = try ServerProcess(environment: environment)
        let port = try await server.waitUntilListening()
        let silent = 6
        let (opened, openedSink) = AsyncStream.makeStream(of: Void.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<silent {
                group.addTask { try await RawConnection.holdSilent(port: port) { openedSink.yield() } }
            }
            var connected = 0
            for await _ in opened {
                connected += 1
                if connected == silent { break }
            }
            let clock = ContinuousClock()
            let start = clock.now
            let answer = try await RawConnection.send(
                "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                port: port,
                timeout: .seconds(240)
            )
            #expect(answer.status == 200)
            #expect(answer.body == #"{"status":"ok"}"#)
            // Accepted only once the timeout closed silent connections: the cap held.
            #expect(clock.now - start >= .seconds(1))
            try await group.waitForAll()
        }
        await server.terminate()
    }
}
