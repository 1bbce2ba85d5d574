//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// The exit statuses of every `ai2ai` command: one table, printed by `ai2ai --help` and copied in
/// Documentation/GettingStarted.md ("Exit statuses").
enum ExitStatus {
    /// One row of the table: a status and what it means.
    struct Entry: Sendable {
        var code: Int32
        var meaning: String
    }

    /// Every status a command may exit with, in order.
    static let table: [Entry] = [
        Entry(code: 0, meaning: "Success (for run and resume: every root task completed)."),
        Entry(code: .tasksFailed, meaning: "The work failed: a task failed, a model call failed, or a timeout."),
        Entry(code: .configuration, meaning: "A model, provider or API key is missing or unusable."),
        Entry(code: .storeUnavailable, meaning: "The database cannot be opened, or does not exist."),
        Entry(code: .notFound, meaning: "The session identifier matches no session, or several."),
        Entry(code: .usage, meaning: "The command line is wrong (an option, an argument, a file)."),
        Entry(code: .interrupted, meaning: "Stopped by Ctrl-C (continue with 'ai2ai resume')."),
    ]

    /// The table as `ai2ai --help` shows it: one `  CODE  MEANING` line per status.
    static var help: String {
        "Exit statuses (every command):\n"
            + table.map { entry in
                let code = String(entry.code)
                return "  " + code + String(repeating: " ", count: 5 - code.count) + entry.meaning
            }
            .joined(separator: "\n")
    }
}

extension Int32 {
    /// The work failed: a root task failed, a model call failed, or the run timed out (the work
    /// stays saved).
    static let tasksFailed: Int32 = 1
    /// A model, provider or API key is not usable as configured.
    static let configuration: Int32 = 2
    /// The database cannot be opened, or a command that needs an existing one found none.
    static let storeUnavailable: Int32 = 3
    /// A session identifier (or prefix) names no session, or several.
    static let notFound: Int32 = 4
    /// The command line is wrong: ArgumentParser's validation status (`EX_USAGE`).
    static let usage: Int32 = 64
    /// The user pressed Ctrl-C.
    static let interrupted: Int32 = 130
}
