//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import ArgumentParser
import Foundation

/// `ai2ai sessions`: lists the sessions in a database, newest first, with their state and task
/// counts (the listing of `GET /multi-agent/sessions`, plus each session's ``SessionState``).
struct Sessions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List sessions, newest first, with their state and task counts.",
        discussion: """
            The state is running (a process works it), needs resume (stopped by Ctrl-C, a crash or a \
            timeout: continue it with 'ai2ai resume'), finished, failed, cancelled, or empty.
            """
    )

    @Option(name: .long, parsing: .unconditional, help: "At most this many sessions.")
    var limit: Int = 20

    @Option(
        name: .long,
        parsing: .unconditional,
        help: "Skip this many sessions first (the next page starts at offset + limit)."
    )
    var offset: Int = 0

    @Flag(
        name: .long,
        help: "Print JSON: an array of sessions as GET /multi-agent/sessions lists them, each with its \"state\"."
    )
    var json = false

    @OptionGroup var store: ExistingStoreOptions

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
    }

    func run() async throws {
        try await CLIFailure.reporting {
            // Through the Orchestrator, as the server lists them (it is not run: reading needs no models).
            let orchestrator = Orchestrator(store: try await self.store.open(), models: ModelRegistry())
            let summaries = try await orchestrator.sessions(limit: limit, offset: offset)
            let now = Date()
            var listed: [(SessionSummary, SessionState)] = []
            for summary in summaries {
                listed.append((summary, try await SessionState.of(summary, orchestrator: orchestrator, now: now)))
            }
            if json { return try Output.json(try listed.map { try Self.json($0.0, state: $0.1) }) }
            if listed.isEmpty { return Terminal.standardOutput.write("No sessions in \(self.store.label).\n") }
            Terminal.standardOutput.write(listed.map { Self.line($0.0, state: $0.1) }.joined())
        }
    }

    /// `ID  CREATED  STATE  N tasks (counts)  TITLE`, the counts naming only the statuses present.
    static func line(_ summary: SessionSummary, state: SessionState) -> String {
        let counts = TaskStatus.allCases.compactMap { status -> String? in
            guard let count = summary.taskCounts[status], count > 0 else { return nil }
            return "\(count) \(status.rawValue)"
        }
        var text = "\(summary.id)  \(ISO8601.string(from: summary.session.createdAt))  \(state.label)"
        text += "  \(Plural.count(summary.taskCount, "task"))"
        text += counts.isEmpty ? "" : " (\(counts.joined(separator: ", ")))"
        text += "  \(summary.session.title ?? "")".singleLine(width: 60)
        return text + "\n"
    }

    /// The summary's JSON (as the server lists it) with `"state"` added.
    static func json(_ summary: SessionSummary, state: SessionState) throws -> JSONValue {
        var object = try JSONValue(parsing: JSONEncoder.ai2ai.encode(summary))
        if case .object(var fields) = object {
            fields["state"] = .string(state.rawValue)
            object = .object(fields)
        }
        return object
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
            let agents = SessionState.activeAgents(
                try await store.agents(in: id),
                tasks: try await store.tasks(TaskFilter(sessionID: id, statuses: [.inProgress])),
                now: Date()
            )
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
    @Argument(help: "The session's identifier, or a prefix of it that names one session.")
    var sessionID: String

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var store: ExistingStoreOptions

    /// Opens the store and finds the session (from its identifier or a unique prefix).
    func open() async throws -> (any AgentStore, SessionID) {
        let store = try await store.open()
        let id = try await SessionLookup.resolve(sessionID, in: Orchestrator(store: store, models: ModelRegistry()))
        return (store, id)
    }
}

/// What the commands print on standard output.
enum Output {
    /// Prints `value` as indented JSON (``JSONText/pretty(_:)``).
    static func json(_ value: some Encodable) throws {
        Terminal.standardOutput.write(try JSONText.pretty(value) + "\n")
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
