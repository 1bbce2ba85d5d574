//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation
import Testing

/// The help text, the table of exit statuses and the shell completions.
@Suite struct HelpTests {
    /// The help of a command with its lines joined: ArgumentParser wraps the discussion at the
    /// terminal's width, and a sentence may be cut anywhere.
    private func help(_ arguments: [String]) async throws -> String {
        let result = try await CLIRunner.run(arguments + ["--help"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }

    @Test(arguments: [
        (["run"], "may delegate parts of it to the others. The message is the argument, '-' to read it"),
        (["resume"], "from the last stored turn. A task whose process crashed"),
        (["feedback"], "With --session, the session's earlier exchanges go into the prompt"),
        (["sessions"], "needs resume (stopped by Ctrl-C, a crash or a timeout"),
        (["complete"], "exits with 2 for a configuration error"),
    ])
    func sentencesHaveNoRunsOfSpaces(command: [String], sentence: String) async throws {
        let text = try await help(command)
        #expect(text.contains(sentence), "\(text)")
        // Two spaces or more between lower-case words: a literal broken across source lines.
        #expect(text.range(of: "[a-z,;] {2,}[a-z]", options: .regularExpression) == nil, "\(text)")
    }

    @Test func toShowsItsDefaultOnce() async throws {
        let text = try await help(["run"])
        #expect(text.components(separatedBy: "(default: 0)").count == 2, "\(text)")
    }

    /// The `CODE  MEANING` lines after "Exit statuses" in `ai2ai --help`.
    private func exitTable() async throws -> [(code: Int, meaning: String)] {
        let result = try await CLIRunner.run(["--help"])
        #expect(result.status == 0)
        let lines = result.stdout.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("Exit statuses") }, "\(result.stdout)")
        var rows: [(code: Int, meaning: String)] = []
        for line in lines[(start + 1)...] {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let code = Int(parts[0]) else { break }
            rows.append((code, parts[1].trimmingCharacters(in: .whitespaces)))
        }
        return rows
    }

    @Test func oneTableOfExitStatusesInTheHelpAndTheGuide() async throws {
        let rows = try await exitTable()
        #expect(rows.map(\.code) == [0, 1, 2, 3, 4, 64, 130])
        let guide = try String(
            contentsOf: CLIRunner.packageRoot.appendingPathComponent("Documentation/GettingStarted.md"),
            encoding: .utf8
        )
        for row in rows {
            #expect(guide.contains("| \(row.code) | \(row.meaning) |"), "GettingStarted.md lacks status \(row.code)")
        }
    }

    @Test func missingKeyIsStatusTwoForRunAndComplete() async throws {
        let run = try await CLIRunner.run(["run", "hi", "--model", "openrouter:openai/gpt-4o", "--db", "memory"])
        let complete = try await CLIRunner.run(["complete", "--provider", "openrouter", "--model", "m", "hi"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(complete.status == 2, "\(complete.stderr)")
        #expect(complete.stderr.contains("OPENROUTER_API_KEY"))
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScripts(shell: String) async throws {
        let result = try await CLIRunner.run(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.stderr)")
        for word in ["resume", "sessions", "serve-all", "new-session", "max-tokens"] {
            #expect(result.stdout.contains(word), "the \(shell) script lacks \(word)")
        }
    }

    @Test func readmeShowsTheCompletionCommand() throws {
        let readme = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("--generate-completion-script"))
    }
}
