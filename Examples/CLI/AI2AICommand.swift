//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import ArgumentParser

/// The `ai2ai` command line tool.
@main
struct AI2AICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ai2ai",
        abstract: "Multi-agent AI sessions, and direct calls to model providers.",
        subcommands: [Complete.self]
    )
}
