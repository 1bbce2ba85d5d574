//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// One line of the results table.
struct Row: Sendable {
    /// The section (Orchestration, Decode, ...).
    var section: String
    /// What was measured.
    var name: String
    /// The results, already formatted (medians over the runs).
    var result: String
    /// How many runs the medians are taken over.
    var runs: Int
    /// Anything a reader needs to trust the number.
    var notes: String = ""
}

/// Prints rows as one Markdown table, as soon as each section has its numbers.
enum Report {
    static let header = """
        | Section | Case | Result (median of runs) | Runs | Notes |
        |---|---|---|---|---|
        """

    static func line(_ row: Row) -> String {
        "| \(row.section) | \(row.name) | \(row.result) | \(row.runs) | \(row.notes) |"
    }

    static func printHeader() {
        FileHandle.standardOutput.write(Data((header + "\n").utf8))
    }

    static func print(_ rows: [Row]) {
        for row in rows { FileHandle.standardOutput.write(Data((line(row) + "\n").utf8)) }
    }

    /// Writes progress to standard error, so that standard output holds only the table.
    static func progress(_ message: String) {
        FileHandle.standardError.write(Data("[ai2ai-bench] \(message)\n".utf8))
    }
}

/// Number formatting for the table.
enum Format {
    /// A rate with thousands separators and no decimals (`12,345`), or 3 significant digits below 100.
    static func rate(_ value: Double) -> String {
        if value >= 100 {
            return grouped(Int(value.rounded()))
        }
        return String(format: value >= 10 ? "%.1f" : "%.2f", value)
    }

    /// An integer with thousands separators.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// A duration in seconds, shown in µs or ms.
    static func latency(_ seconds: Double) -> String {
        let micros = seconds * 1e6
        if micros < 1000 { return String(format: "%.0f µs", micros) }
        return String(format: "%.2f ms", micros / 1000)
    }

    /// Bytes in KiB or MiB.
    static func bytes(_ value: Double) -> String {
        if abs(value) >= 1024 * 1024 { return String(format: "%.1f MiB", value / 1024 / 1024) }
        if abs(value) >= 1024 { return String(format: "%.1f KiB", value / 1024) }
        return String(format: "%.0f B", value)
    }

    /// A plain number with the given decimals.
    static func number(_ value: Double, decimals: Int = 2) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
