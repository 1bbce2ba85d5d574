//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built `ai2ai-server` executable running as a child process on a free loopback port, with
/// an environment made only of what the test gives (plus PATH), its logs in a temporary file.
final class ServerProcess {
    enum Failure: Error {
        case executableNotFound([String])
        case didNotStart(String)
    }

    let process = Process()
    let logURL: URL
    private(set) var port = 0

    /// Starts the server and waits until it logs its port.
    init(environment: [String: String]) throws {
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("ai2ai-server-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.executableURL = try Self.executable()
        // Connection timeouts past AsyncHTTPClient's 60 s pool idle time, so that the server never
        // closes a pooled connection just as the client reuses it (`remoteConnectionClosed`), and a
        // loaded machine's slow client is not cut off; SlowClientTests set their own.
        var env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "PORT": "0",
            "AI2AI_HEADER_TIMEOUT_SECONDS": "600", "AI2AI_IDLE_TIMEOUT_SECONDS": "600",
        ]
        env.merge(environment) { _, new in new }
        process.environment = env
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        let exit = exit
        process.terminationHandler = { _ in exit.open() }
        try process.run()
    }

    /// Waits until the server logs the port it listens on.
    func waitUntilListening(timeout: Duration = .seconds(240)) async throws -> Int {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let range = log.range(of: "server.port=") {
                let digits = log[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) {
                    self.port = port
                    return port
                }
            }
            guard process.isRunning else { throw Failure.didNotStart(log) }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Failure.didNotStart(log)
    }

    /// Everything the server logged so far.
    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Kills the server at once, as a crash would, and waits until it is gone.
    ///
    /// The wait suspends rather than blocks (`Process.waitUntilExit` would hold one of the few
    /// threads of the cooperative pool that every test shares).
    func kill() async {
        sendKill()
        await exit.wait()
    }

    /// Asks the server to shut down gracefully and waits for it.
    func terminate() async {
        process.terminate()
        await exit.wait()
    }

    private func sendKill() {
        #if canImport(Glibc)
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        #elseif canImport(Darwin)
        _ = Darwin.kill(process.processIdentifier, SIGKILL)
        #endif
    }

    private let exit = ExitSignal()

    deinit {
        if process.isRunning { sendKill() }
        try? FileManager.default.removeItem(at: logURL)
    }

    /// The package root (this file is Tests/ServerTests/ServerProcess.swift).
    private static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    private static func executable() throws -> URL {
        var candidates = [Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("ai2ai-server")]
        if let directory = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(directory.appendingPathComponent("ai2ai-server"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/ai2ai-server"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw Failure.executableNotFound(candidates.map(\.path))
    }
}

/// Opens once a process has exited; any number of tasks can wait for it.
final class ExitSignal: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isOpen = state.withLock { state in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if isOpen { continuation.resume() }
        }
    }
}
