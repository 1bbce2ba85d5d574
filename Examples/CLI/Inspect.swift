//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import ArgumentParser
import Foundation

/// `ai2ai sessions`: lists the sessions in a database, newest first, with their status and task
/// counts (the listing of `GET /multi-agent/sessions`).
struct Sessions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List sessions, newest first, with their status and task counts."
    )

    @Option(name: .long, help: "At most this many sessions.")
    var limit: Int = 20

    @Option(name: .long, help: "Skip this many sessions first (the next page starts at offset + limit).")
    var offset: Int = 0

    @Flag(name: .long, help: "Print JSON: an array of sessions, as GET /multi-agent/sessions lists them.")
    var json = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
    }

    func run() async throws {
        try await CLIFailure.reporting {
            // Through the Orchestrator, as the server lists them (it is not run: reading needs no models).
            let orchestrator = Orchestrator(store: try await store.open(), models: ModelRegistry())
            let sessions = try await orchestrator.sessions(limit: limit, offset: offset)
            if json { return try Output.json(sessions) }
            if sessions.isEmpty { return Terminal.standardOutput.write("No sessions in \(self.store.label).\n") }
            Terminal.standardOutput.write(sessions.map(Self.line).joined())
        }
    }

    /// `ID  CREATED  STATUS  N tasks (counts)  TITLE`, the counts naming only the statuses present.
    static func line(_ summary: SessionSummary) -> String {
        let counts = TaskStatus.allCases.compactMap { status -> String? in
            guard let count = summary.taskCounts[status], count > 0 else { return nil }
            return "\(count) \(status.rawValue)"
        }
        var text = "\(summary.id)  \(ISO8601.string(from: summary.session.createdAt))  \(summary.status.rawValue)"
        text += "  \(summary.taskCount) task\(summary.taskCount == 1 ? "" : "s")"
        text += counts.isEmpty ? "" : " (\(counts.joined(separator: ", ")))"
        text += "  \(summary.session.title ?? "")".singleLine(width: 60)
        return text + "\n"
    }
}

/// `ai2ai tasks`: shows a session's tasks as a tree.
struct Tasks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a session's tasks as a tree.")

    @OptionGroup var options: SessionOptions

    func run() async throws {
        try await CLIFailure.reporting {
            let (store, id) = try await options.open()
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
            let (store, id) = try await options.open()
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
    func open() async throws -> (any AgentStore, SessionID) {
        (try await store.open(), SessionID(sessionID))
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
