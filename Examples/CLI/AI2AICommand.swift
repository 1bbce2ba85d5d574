//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import ArgumentParser
import Foundation
import Logging

@main
enum Entry {
    static func main() async {
        let level =
            ProcessInfo.processInfo.environment["AI2AI_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        await AI2AICommand.main()
    }
}

/// The `ai2ai` command: its subcommands do the work.
struct AI2AICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ai2ai",
        abstract: "Run sessions of AI agents that work together, and call model providers directly.",
        discussion: """
            A session identifier may be shortened to any prefix that names one session, as with git.
            Shell completions: ai2ai --generate-completion-script bash (or zsh, fish).

            \(ExitStatus.help)
            """,
        subcommands: [
            Run.self, Resume.self, FeedbackCommand.self, Sessions.self, Tasks.self, Agents.self, Complete.self,
        ]
    )
}
