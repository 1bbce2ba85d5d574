//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation
import Testing

/// Runs the built `ai2ai` executable as a user would, and captures what it prints.
struct CLIProcess {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String

        func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(standardOutput.utf8))
            return try #require(object as? [String: Any], "stdout is not a JSON object: \(standardOutput)")
        }
    }

    /// The `ai2ai` binary next to the test bundle.
    static var executable: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("ai2ai") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Runs `ai2ai` with arguments and an environment made only of `environment` (plus PATH and HOME),
    /// so that the developer's own keys never leak into a test.
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        directory: URL? = nil,
        timeout: Duration = .seconds(60)
    ) async throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            process.terminate()
        }
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        async let out = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }.value
        async let err = Task.detached { error.fileHandleForReading.readDataToEndOfFile() }.value
        let (outData, errData) = await (out, err)
        process.waitUntilExit()
        watchdog.cancel()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self)
        )
    }
}
