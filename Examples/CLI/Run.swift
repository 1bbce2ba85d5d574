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
            The first agent (the coordinator) gets the message by default and may delegate parts of it to the             others. Progress shows live: a task tree on a terminal, timestamped lines in a pipe. Ctrl-C stops             cleanly; continue later with 'ai2ai resume SESSION_ID'. The exit status is 0 when every root task             completed, 1 when one failed, 2 for a configuration problem, 3 when the database cannot be opened,             130 after Ctrl-C.
            """
    )

    @Argument(help: "The message for the agents.")
    var message: String

    @Option(name: .long, help: "How many agents the session has.")
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
        help: "Comma-separated 0-based indices of the agents that get the message, or 'all' (default: 0)."
    )
    var to: String = "0"

    @Option(name: .long, help: "A system prompt shared by every agent.")
    var system: String?

    @Option(name: .long, help: "Give up waiting after this many seconds (the work stays saved).")
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
        if message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("The message is empty")
        }
        let count = agentCount
        if let names = list(names), names.count != count {
            throw ValidationError("--names lists \(names.count) name(s) for \(count) agent(s)")
        }
        if let names = list(names), Set(names).count != names.count {
            throw ValidationError("--names has a name twice")
        }
        if let roles = list(roles), roles.count != count {
            throw ValidationError("--roles lists \(roles.count) role(s) for \(count) agent(s)")
        }
        if let models = list(models), models.count != count {
            throw ValidationError("--models lists \(models.count) model(s) for \(count) agent(s)")
        }
        _ = try targets(count: count)
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        do {
            let registry = try Preflight.registry()
            let spec = try sessionSpec(registry: registry)
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
            let message = message
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
                        .write("Session \(session.id) (\(count) agent\(count == 1 ? "" : "s"), \(place))\n")
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

    private func sessionSpec(registry: ModelRegistry) throws -> SessionSpec {
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
