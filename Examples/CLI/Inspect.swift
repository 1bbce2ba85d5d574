//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import ArgumentParser
import Foundation

/// `ai2ai sessions`: lists the sessions in a database.
struct Sessions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List sessions, newest first.")

    @Option(name: .long, help: "At most this many sessions.")
    var limit: Int = 20

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await CLIFailure.reporting {
            let store = try store.open()
            let sessions = try await store.sessions(limit: max(1, limit), offset: 0)
            if json { return try Output.json(sessions) }
            if sessions.isEmpty { return Terminal.standardOutput.write("No sessions in \(self.store.db).\n") }
            var text = ""
            for session in sessions {
                let tasks = try await store.tasks(.session(session.id))
                let open = tasks.filter(\.status.isOpen).count
                text += "\(session.id)  \(ISO8601.string(from: session.createdAt))  \(tasks.count) tasks"
                text += open > 0 ? " (\(open) open)" : ""
                text += "  \(session.title ?? "")".singleLine(width: 60) + "\n"
            }
            Terminal.standardOutput.write(text)
        }
    }
}

/// `ai2ai tasks`: shows a session's tasks as a tree.
struct Tasks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a session's tasks as a tree.")

    @OptionGroup var options: SessionOptions

    func run() async throws {
        try await CLIFailure.reporting {
            let (store, id) = try options.open()
            let agents = try await store.agents(in: id)
            let tasks = try await store.tasks(.session(id))
            if options.json { return try Output.json(tasks) }
            var snapshot = SessionSnapshot(agents: agents, tasks: tasks)
            for task in tasks {
                snapshot.rows[task.id]?.usage = try await store.usage(.task(task.id))
                snapshot.rows[task.id]?.startedAt = task.createdAt
                snapshot.rows[task.id]?.endedAt = task.completedAt ?? task.updatedAt
            }
            let lines = LiveTreeView.lines(
                snapshot,
                width: max(40, Terminal.standardOutput.columns - 1),
                now: SystemClock().now
            )
            Terminal.standardOutput.write(lines.isEmpty ? "No tasks yet.\n" : lines.joined(separator: "\n") + "\n")
        }
    }
}

/// `ai2ai agents`: lists a session's agents.
struct Agents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List a session's agents.")

    @OptionGroup var options: SessionOptions

    func run() async throws {
        try await CLIFailure.reporting {
            let (store, id) = try options.open()
            let agents = try await store.agents(in: id)
            if options.json { return try Output.json(agents) }
            var text = ""
            for agent in agents {
                let usage = try await store.usage(.agent(agent.id))
                text +=
                    "\(agent.index)  \(agent.name)  (\(agent.model))  \(usage.inputTokens)→\(usage.outputTokens) tokens\n"
                text += "   \(agent.role)\n"
            }
            Terminal.standardOutput.write(text)
        }
    }
}

/// The arguments of the commands that show one session.
struct SessionOptions: ParsableArguments {
    @Argument(help: "The session's identifier.")
    var sessionID: String

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var store: StoreOptions

    /// Opens the store and names the session.
    func open() throws -> (any AgentStore, SessionID) {
        (try store.open(), SessionID(sessionID))
    }
}

enum Output {
    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder.ai2ai
        encoder.outputFormatting.insert(.prettyPrinted)
        Terminal.standardOutput.write(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }
}

extension CLIFailure {
    /// Runs a command body, turning library errors into messages and exit statuses.
    static func reporting(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error {
            if let failure = CLIFailure.from(error) { throw failure.exit() }
            throw error
        }
    }
}
