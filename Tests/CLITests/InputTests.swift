//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import AI2AITesting
import Foundation
import Testing

/// Where `ai2ai` takes its input from: the message from standard input or a file, sessions by a
/// prefix of their identifier, and databases that must exist.
@Suite struct InputTests {
    private func environment(_ server: FakeProviderServer) -> [String: String] {
        ["OPENAI_BASE_URL": server.baseURL + "/v1", "DEFAULT_PROVIDER": "openai"]
    }

    /// A message longer than Linux lets one argument be (128 KiB), ending with a marker.
    private static let longMessage = String(repeating: "Tides rise and fall. ", count: 10_000) + "END-OF-MESSAGE"

    /// Whether the model was sent the whole message.
    private func sawWholeMessage(_ server: FakeProviderServer) throws -> Bool {
        let request = try #require(server.requests.first)
        // The message is plain ASCII without quotes, so it appears in the JSON body as it is.
        return String(decoding: request.body, as: UTF8.self).contains(Self.longMessage)
    }

    @Test func runReadsTheMessageFromStandardInput() async throws {
        #expect(Self.longMessage.utf8.count > 131_072)
        let server = try await FakeProviderServer.start(responses: [RunCommandTests.complete("read it")])
        defer { Task { try? await server.shutdown() } }
        let result = try await CLIRunner.run(
            ["run", "-", "--agents", "1", "--model", "openai:fake-model", "--db", "memory", "--json"],
            environment: environment(server),
            input: Data(Self.longMessage.utf8)
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sawWholeMessage(server))
    }

    @Test func runReadsTheMessageFromAFile() async throws {
        let server = try await FakeProviderServer.start(responses: [RunCommandTests.complete("read it")])
        defer { Task { try? await server.shutdown() } }
        let folder = try TemporaryFolder()
        let file = folder.file("prompt.txt")
        try Data(Self.longMessage.utf8).write(to: URL(fileURLWithPath: file))
        let result = try await CLIRunner.run(
            ["run", "--file", file, "--agents", "1", "--model", "openai:fake-model", "--db", "memory", "--json"],
            environment: environment(server)
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sawWholeMessage(server))
    }

    @Test(arguments: [
        (["run", "--file", "/no/such/prompt.txt"], Data(), "Cannot read the message file /no/such/prompt.txt"),
        (["run", "-"], Data(" \n\n".utf8), "The message is empty"),
        (["run", "-"], Data([0xFF, 0xFE, 0x41]), "The message in standard input is not UTF-8 text"),
    ])
    func unusableMessages(arguments: [String], input: Data, message: String) async throws {
        let result = try await CLIRunner.run(arguments + ["--db", "memory"], input: input)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// A database with three sessions whose identifiers share prefixes.
    private func sessionsWithSharedPrefixes() async throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        let path = folder.file("prefix.sqlite")
        let store = try SQLiteStore(path: path)
        let now = Date()
        for (offset, id) in ["abc11111-0000", "abc22222-0000", "def33333-0000"].enumerated() {
            let session = Session(id: SessionID(id), title: "Session \(id)", createdAt: now + Double(offset))
            let agent = Agent.solo(in: session, createdAt: now)
            try await store.createSession(session, agents: [agent])
        }
        return (folder, path)
    }

    @Test func aUniquePrefixNamesASession() async throws {
        let (folder, path) = try await sessionsWithSharedPrefixes()
        _ = folder
        let agents = try await CLIRunner.run(["agents", "abc2", "--db", path, "--json"])
        #expect(agents.status == 0, "\(agents.stderr)")
        #expect(try agents.stdoutJSON().arrayValue?.first?["session_id"] == "abc22222-0000")
        let tasks = try await CLIRunner.run(["tasks", "DEF", "--db", path])
        #expect(tasks.status == 0, "\(tasks.stderr)")
        #expect(tasks.stdout == "No tasks yet.\n")
        // A whole identifier that is also another's prefix still names its own session.
        let exact = try await CLIRunner.run(["agents", "abc11111-0000", "--db", path, "--json"])
        #expect(try exact.stdoutJSON().arrayValue?.first?["session_id"] == "abc11111-0000")
    }

    @Test func anAmbiguousPrefixListsTheCandidates() async throws {
        let (folder, path) = try await sessionsWithSharedPrefixes()
        _ = folder
        for command in [["tasks", "abc"], ["agents", "ab"], ["resume", "a"]] {
            let result = try await CLIRunner.run(command + ["--db", path])
            #expect(result.status == 4, "\(command)")
            #expect(result.stderr.contains("is ambiguous"), "\(result.stderr)")
            #expect(result.stderr.contains("abc11111-0000") && result.stderr.contains("abc22222-0000"))
            #expect(!result.stderr.contains("def33333-0000"))
        }
        let none = try await CLIRunner.run(["tasks", "xyz", "--db", path])
        #expect(none.status == 4)
        #expect(none.stderr.contains("Session xyz not found"), "\(none.stderr)")
    }

    @Test(arguments: [["sessions"], ["tasks", "abc"], ["agents", "abc"], ["resume", "abc"]])
    func readingADatabaseThatDoesNotExistCreatesNothing(command: [String]) async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("missing.sqlite")
        let result = try await CLIRunner.run(command + ["--db", path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("No database at \(path) (nothing was created)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func feedbackInAStoredSessionNeedsTheDatabase() async throws {
        let server = try await FakeProviderServer.start(responses: [])
        defer { Task { try? await server.shutdown() } }
        let folder = try TemporaryFolder()
        let path = folder.file("missing.sqlite")
        let result = try await CLIRunner.run(
            ["feedback", "x", "--question", "q", "--model", "openai:m", "--session", "abc", "--db", path],
            environment: environment(server)
        )
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("No database at \(path)"))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(server.requests.isEmpty)
    }
}
