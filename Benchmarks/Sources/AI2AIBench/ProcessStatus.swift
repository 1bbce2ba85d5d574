//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// Reads a process's figures from `/proc` (Linux): this process's by default, or a child's.
enum ProcessStatus {
    /// Resident memory (`VmRSS` of `/proc/PID/status`), in bytes.
    static func residentBytes(of process: Int32? = nil) throws -> Double {
        try statusBytes("VmRSS", of: process)
    }

    /// Anonymous resident memory (`RssAnon` of `/proc/PID/status`: the heap and stacks, without
    /// mapped files such as the executable), in bytes.
    static func anonymousBytes(of process: Int32? = nil) throws -> Double {
        try statusBytes("RssAnon", of: process)
    }

    /// A `kB` field of `/proc/PID/status`, in bytes.
    private static func statusBytes(_ field: String, of process: Int32?) throws -> Double {
        let path = directory(of: process) + "/status"
        let status = try String(contentsOfFile: path, encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
            let kibibytes = line.split(separator: " ").compactMap({ Double($0) }).first
        else { throw BenchError("no \(field) in \(path)") }
        return kibibytes * 1024
    }

    private static func directory(of process: Int32?) -> String {
        process.map { "/proc/\($0)" } ?? "/proc/self"
    }

    /// User plus system CPU time so far (`/proc/PID/stat` fields 14 and 15), in seconds.
    static func cpuSeconds(of process: Int32? = nil) throws -> Double {
        let stat = try String(contentsOfFile: directory(of: process) + "/stat", encoding: .utf8)
        // The command name (field 2) may contain spaces; count fields after its closing parenthesis.
        guard let close = stat.lastIndex(of: ")") else { throw BenchError("unreadable /proc/self/stat") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12].
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw BenchError("unreadable /proc/self/stat")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
