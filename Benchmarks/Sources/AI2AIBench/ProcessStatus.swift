//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// Reads this process's figures from `/proc/self` (Linux).
enum ProcessStatus {
    /// Resident memory (`VmRSS` of `/proc/self/status`), in bytes.
    static func residentBytes() throws -> Double {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kibibytes = line.split(separator: " ").compactMap({ Double($0) }).first
        else { throw BenchError("no VmRSS in /proc/self/status") }
        return kibibytes * 1024
    }

    /// User plus system CPU time so far (`/proc/self/stat` fields 14 and 15), in seconds.
    static func cpuSeconds() throws -> Double {
        let stat = try String(contentsOfFile: "/proc/self/stat", encoding: .utf8)
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
