//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// Runs other programs (valgrind, wrk, the server).
enum Subprocess {
    struct Output {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// This executable's path.
    static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The path of a program on `PATH`, if there is one.
    static func find(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A temporary copy of an executable without its debug information, for valgrind.
    static func withoutDebugInformation(_ executable: String) throws -> String {
        guard let strip = find("strip") else { throw BenchError("strip (binutils) is not installed") }
        let copy = FileManager.default.temporaryDirectory
            .appendingPathComponent("ai2ai-bench-\(UUID().uuidString)").path
        let output = try run(strip, ["--strip-debug", "-o", copy, executable])
        guard output.status == 0 else { throw BenchError("strip failed: \(output.standardError)") }
        return copy
    }

    /// Runs a program to its end and returns what it printed. Its output goes through temporary
    /// files, so that a chatty child can never block on a full pipe.
    static func run(_ executable: String, _ arguments: [String]) throws -> Output {
        let directory = FileManager.default.temporaryDirectory
        let outURL = directory.appendingPathComponent("ai2ai-bench-\(UUID().uuidString).out")
        let errURL = directory.appendingPathComponent("ai2ai-bench-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
            FileManager.default.createFile(atPath: errURL.path, contents: nil)
        else { throw BenchError("cannot create temporary files in \(directory.path)") }
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            standardOutput: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        )
    }
}
