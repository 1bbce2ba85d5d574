//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import Foundation

/// Runs the built `ai2ai` executable.
enum CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        func stdoutJSON() throws -> JSONValue { try JSONValue(parsing: stdout) }
        func stderrJSON() throws -> JSONValue { try JSONValue(parsing: stderr) }
    }

    enum Failure: Error {
        case executableNotFound([String])
    }

    /// The package root (this file is Tests/CLITests/CLIRunner.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `ai2ai`, next to the test bundle or in the package's build directory.
    static func executable() throws -> URL {
        var candidates = [
            Bundle.main.bundleURL.appendingPathComponent("ai2ai"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("ai2ai"),
        ]
        if let path = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(path.appendingPathComponent("ai2ai"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/ai2ai"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw Failure.executableNotFound(candidates.map(\.path))
    }

    /// Runs `ai2ai` with arguments and an environment made only of `environment` (plus PATH and a
    /// temporary HOME), so that the developer's own keys never leak into a test. Both pipes are read
    /// while the child runs, and the child is terminated after `timeout`. With `input`, the child's
    /// standard input is a pipe that gets those bytes and is then closed.
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        input: Data? = nil,
        timeout: Duration = .seconds(240)
    ) async throws -> Result {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        var env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
            // The fake providers run in this test process, which a loaded machine may not schedule
            // for longer than the default 10 s (+10 s) the provider check allows them to answer.
            "AI2AI_MODEL_CONNECT_TIMEOUT_SECONDS": "120",
        ]
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inputPipe = input.map { _ in Pipe() }
        if let inputPipe { process.standardInput = inputPipe }
        // The exit is awaited, not waited for: `waitUntilExit()` would hold one of the cooperative
        // pool's threads (two on a two-core machine) until the child is gone.
        let (exited, exit) = AsyncStream.makeStream(of: Void.self)
        process.terminationHandler = { _ in exit.finish() }
        try process.run()
        if let input, let inputPipe { write(input, to: inputPipe) }
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            process.terminate()
        }
        async let stdout = readToEnd(out)
        async let stderr = readToEnd(err)
        let (outData, errData) = await (stdout, stderr)
        for await _ in exited {}
        watchdog.cancel()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }

    /// Reads a pipe to its end on a thread of its own: a blocking read on the cooperative pool (two
    /// threads on a two-core machine) would stall every other test while the child runs.
    ///
    /// Reads with `read(2)` and retries `EINTR`: Foundation's `readDataToEndOfFile()` crashes the
    /// test process (`try!`) when a read is interrupted, which happens on a loaded machine.
    private static func readToEnd(_ pipe: Pipe) async -> Data {
        let descriptor = pipe.fileHandleForReading.fileDescriptor
        return await withCheckedContinuation { continuation in
            Thread {
                var data = Data()
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count > 0 {
                        data.append(contentsOf: buffer[0..<count])
                    } else if count < 0, errno == EINTR {
                        continue
                    } else {
                        break
                    }
                }
                continuation.resume(returning: data)
            }
            .start()
        }
    }

    /// Writes `data` to the pipe and closes it, on a thread of its own (the child may read it
    /// slowly). A child that exits without reading makes the write fail, not kill the test process.
    private static func write(_ data: Data, to pipe: Pipe) {
        signal(SIGPIPE, SIG_IGN)
        let handle = pipe.fileHandleForWriting
        Thread {
            let descriptor = handle.fileDescriptor
            data.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                var offset = 0
                while offset < buffer.count {
                    let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0, errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
            try? handle.close()
        }
        .start()
    }

    /// A conformance body from the provider tests' fixtures.
    static func fixture(_ path: String) throws -> [UInt8] {
        let url = packageRoot.appendingPathComponent("Tests/AI2AIProvidersTests/Fixtures/conformance/\(path)")
        return Array(try Data(contentsOf: url))
    }
}
