//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIStorage
import AI2AITesting
import Foundation
import Testing

/// What newcomers get wrong, and what `ai2ai` answers.
@Suite struct CommandErrorTests {
    @Test(arguments: [
        (["run", "hi", "--agents", "0"], "--agents must be between 1 and 64"),
        (["run", "hi", "--agents", "2", "--names", "a,b,c"], "--names lists 3 names for 2 agents"),
        (["run", "hi", "--agents", "2", "--to", "5"], "--to must list agent indices between 0 and 1"),
        (["run", "   "], "The message is empty"),
        (["run", "hi", "--agents", "1", "--names", "a,b"], "--names lists 2 names for 1 agent"),
        (["run", "hi", "--agents", "-1"], "--agents must be between 1 and 64"),
        (["run", "hi", "--timeout", "-5"], "--timeout must be positive"),
        (["run"], "Missing the message: give it as an argument, '-' for standard input, or --file PATH"),
        (["run", "hi", "--file", "x.txt"], "Give the message as an argument or with --file, not both"),
        (["resume", "abc", "--timeout", "0"], "--timeout must be positive"),
        (["sessions", "--limit", "-1"], "--limit must be at least 1"),
        (["sessions", "--db", "memory"], "--db memory is always empty here"),
        (["tasks", "abc", "--db", "memory"], "--db memory is always empty here"),
        (
            ["feedback", "x", "--question", "q", "--new-session", "--db", "memory"],
            "--db memory keeps nothing: --session and --new-session need a database file"
        ),
        (["feedback", "x"], "Missing expected argument '--question <question>'"),
    ])
    func argumentErrors(arguments: [String], message: String) async throws {
        let result = try await CLIRunner.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func missingKeyNamesTheVariable() async throws {
        let result = try await CLIRunner.run(["run", "hi", "--db", "memory"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("set OPENROUTER_API_KEY"))
        #expect(result.stderr.contains("ollama:MODEL"))
    }

    @Test func unknownProviderPrefix() async throws {
        let result = try await CLIRunner.run(["run", "hi", "--model", "nosuch:model", "--db", "memory"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Unknown provider 'nosuch'"))
    }

    @Test func unreachableOllama() async throws {
        let result = try await CLIRunner.run(
            ["run", "hi", "--model", "ollama:llama3.2", "--db", "memory"],
            environment: ["OLLAMA_ENDPOINT": "http://127.0.0.1:9"]
        )
        #expect(result.status == 2)
        #expect(result.stderr.contains("Cannot reach Ollama at http://127.0.0.1:9"))
    }

    @Test(arguments: [
        ("openai", "OPENAI_BASE_URL", "/v1", "openai:m", [String: String]()),
        ("openrouter", "OPENROUTER_BASE_URL", "/api/v1", "openrouter:openai/gpt-4o", ["OPENROUTER_API_KEY": "k"]),
        ("anthropic", "ANTHROPIC_BASE_URL", "", "anthropic:claude-sonnet-4-5", ["ANTHROPIC_API_KEY": "k"]),
    ])
    func unreachableProviderIsCheckedBeforeAnyWork(
        provider: String,
        variable: String,
        path: String,
        model: String,
        extra: [String: String]
    ) async throws {
        let closed = try await FakeProviderServer.start(responses: [])
        let baseURL = closed.baseURL + path
        try await closed.shutdown()
        let result = try await CLIRunner.run(
            ["run", "hi", "--model", model, "--db", "memory"],
            environment: extra.merging([variable: baseURL]) { _, new in new }
        )
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("Cannot reach \(provider) at \(baseURL): connection refused. Check \(variable)"),
            "\(result.stderr)"
        )
        #expect(!result.stdout.contains("Session"), "no session was created")
    }

    @Test func unusableModelTimeoutNamesTheVariable() async throws {
        let result = try await CLIRunner.run(
            ["run", "hi", "--model", "openai:m", "--db", "memory"],
            environment: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "AI2AI_MODEL_TIMEOUT_SECONDS": "0"]
        )
        #expect(result.status == 2)
        #expect(result.stderr.contains("AI2AI_MODEL_TIMEOUT_SECONDS"), "\(result.stderr)")
    }

    @Test func databaseThatCannotBeOpened() async throws {
        let result = try await CLIRunner.run(
            ["run", "hi", "--model", "openai:m", "--db", "/proc/no/such/dir/x.sqlite"],
            environment: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1"]
        )
        #expect(result.status == 3)
        #expect(result.stderr.contains("Cannot open the database at /proc/no/such/dir/x.sqlite"))
    }

    @Test func unknownSession() async throws {
        let folder = try TemporaryFolder()
        _ = try SQLiteStore(path: folder.file("empty.sqlite"))
        let result = try await CLIRunner.run(["tasks", "no-such-session", "--db", folder.file("empty.sqlite")])
        #expect(result.status == 4)
        #expect(result.stderr.contains("Session no-such-session not found"))
    }
}
