//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import ArgumentParser
import Foundation

/// `ai2ai run`: creates a session, sends it a message and shows the agents at work.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a session of agents, send it a message and watch them work.",
        discussion: """
            The first agent (the coordinator) gets the message by default and may delegate parts of it \
            to the others. The message is the argument, '-' to read it from standard input, or --file \
            PATH. Progress shows live: a task tree on a terminal, timestamped lines in a pipe. Ctrl-C \
            stops cleanly; continue later with 'ai2ai resume SESSION_ID'. The exit status is 0 when \
            every root task completed; 'ai2ai --help' lists the others.
            """
    )

    @Argument(help: "The message for the agents, or '-' to read it from standard input.")
    var message: String?

    @Option(
        name: .long,
        help: "Read the message from this file (for long prompts) instead of the argument.",
        completion: .file()
    )
    var file: String?

    // `.unconditional`, so that `--agents -1` reaches `validate()` and gets the allowed range.
    @Option(name: .long, parsing: .unconditional, help: "How many agents the session has (1 to 64).")
    var agents: Int?

    @Option(name: .long, help: "Comma-separated agent names (default: Agent 1, Agent 2, ...).")
    var names: String?

    @Option(name: .long, help: "Comma-separated agent roles (default: a coordinator, then assistants).")
    var roles: String?

    @Option(
        name: .long,
        help: "The model of every agent, as provider:model (default: DEFAULT_MODEL or the default provider's)."
    )
    var model: String?

    @Option(name: .long, help: "Comma-separated models, one per agent (overrides --model).")
    var models: String?

    @Option(
        name: .long,
        help: "Comma-separated 0-based indices of the agents that get the message, or 'all'."
    )
    var to: String = "0"

    @Option(name: .long, help: "A system prompt shared by every agent.")
    var system: String?

    @Option(
        name: .long,
        parsing: .unconditional,
        help: "Give up waiting after this many seconds (the work stays saved)."
    )
    var timeout: Int = 1800

    @Flag(
        name: .long,
        help:
            "Print the session, its tasks and responses as one JSON object at the end (progress goes to standard error)."
    )
    var json = false

    @Flag(
        name: .long,
        help: "Also work the tasks of every other session in the database (by default only this session's)."
    )
    var serveAll = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let agents, !(1...64).contains(agents) { throw ValidationError("--agents must be between 1 and 64") }
        switch (message, file) {
        case (nil, nil):
            throw ValidationError("Missing the message: give it as an argument, '-' for standard input, or --file PATH")
        case (.some, .some):
            throw ValidationError("Give the message as an argument or with --file, not both")
        case (.some(let message), nil):
            if message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw ValidationError("The message is empty")
            }
        case (nil, .some):
            break
        }
        let count = agentCount
        if let names = list(names), names.count != count {
            throw ValidationError(
                "--names lists \(Plural.count(names.count, "name")) for \(Plural.count(count, "agent"))"
            )
        }
        if let names = list(names), Set(names).count != names.count {
            throw ValidationError("--names has a name twice")
        }
        if let roles = list(roles), roles.count != count {
            throw ValidationError(
                "--roles lists \(Plural.count(roles.count, "role")) for \(Plural.count(count, "agent"))"
            )
        }
        if let models = list(models), models.count != count {
            throw ValidationError(
                "--models lists \(Plural.count(models.count, "model")) for \(Plural.count(count, "agent"))"
            )
        }
        _ = try targets(count: count)
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        do {
            let message = try MessageInput.read(argument: self.message, file: file)
            let registry = try Preflight.registry()
            let spec = try sessionSpec(message: message, registry: registry)
            // Local mistakes first: the database, then whether each provider answers.
            let store = try await store.open()
            try await Preflight.check(spec.agents.map(\.model), registry: registry)
            // Only this session (it joins the scope when created), unless --serve-all.
            let configuration = Orchestrator.Configuration(claimScope: serveAll ? .allSessions : .sessions([]))
            if let warning = Self.subtaskLimitWarning(agents: spec.agents.count, limits: configuration.limits) {
                Terminal.standardError.write(warning + "\n")
            }
            let orchestrator = Orchestrator(store: store, models: registry, configuration: configuration)
            let targets = try targets(count: spec.agents.count)
            let json = json
            let label = self.store.label
            let status = try await SessionRunner(
                orchestrator: orchestrator,
                json: json,
                timeout: .seconds(timeout),
                databaseLabel: label
            )
            .run(
                prepare: { orchestrator in
                    let session = try await orchestrator.createSession(spec)
                    let place = label == "memory" ? "in memory" : "in \(label)"
                    let count = spec.agents.count
                    (json ? Terminal.standardError : Terminal.standardOutput)
                        .write("Session \(session.id) (\(Plural.count(count, "agent")), \(place))\n")
                    return session.id
                },
                start: { orchestrator, session in
                    _ = try await orchestrator.send(message, to: session, targets: targets)
                }
            )
            if status != 0 { throw ExitCode(status) }
        } catch let error {
            if let failure = CLIFailure.from(error) { throw failure.exit() }
            throw error
        }
    }

    /// A warning when a task cannot delegate to every other agent of the session.
    static func subtaskLimitWarning(agents: Int, limits: Orchestrator.Limits) -> String? {
        let limit = limits.maxSubtasksPerTask
        guard agents > limit + 1 else { return nil }
        return "Warning: \(agents) agents, but a task may create at most \(limit) subtasks, so it can hand work "
            + "to at most \(limit) of the other \(agents - 1) agents (further delegations are refused)."
    }

    private var agentCount: Int { agents ?? list(names)?.count ?? list(roles)?.count ?? list(models)?.count ?? 3 }

    private func list(_ text: String?) -> [String]? {
        text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }

    private func targets(count: Int) throws -> [Int]? {
        if to.lowercased() == "all" { return nil }
        let indices = try to.split(separator: ",").map { part -> Int in
            guard let index = Int(part.trimmingCharacters(in: .whitespaces)), (0..<count).contains(index) else {
                throw ValidationError("--to must list agent indices between 0 and \(count - 1), or 'all'")
            }
            return index
        }
        guard !indices.isEmpty else { throw ValidationError("--to lists no agent") }
        return indices
    }

    private func sessionSpec(message: String, registry: ModelRegistry) throws -> SessionSpec {
        let count = agentCount
        let names = list(names) ?? (1...count).map { "Agent \($0)" }
        let roles =
            list(roles)
            ?? (0..<count).map { index in
                index == 0 && count > 1
                    ? "Coordinator: plans the work, delegates parts of it to the other agents and combines their results"
                    : "Assistant \(index + 1)"
            }
        let fallback = try model ?? Preflight.defaultModel(registry)
        let models = list(models) ?? Array(repeating: fallback, count: count)
        return SessionSpec(
            title: message.singleLine(width: 80),
            systemPrompt: system,
            agents: (0..<count).map { AgentSpec(name: names[$0], role: roles[$0], model: models[$0]) }
        )
    }
}
