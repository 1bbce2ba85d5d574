//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import AI2AIStorage
import Foundation

extension Orchestrator {
    /// Creates a session with its agents, active: their tasks are claimed as soon as they are
    /// assigned. The session joins this orchestrator's ``Configuration/claimScope``.
    /// - Parameter spec: The session's title, system prompt, tags and agents.
    /// - Returns: The stored session.
    /// - Throws: ``AI2AIError`` `.invalidArgument` when there is no agent, or a name is empty or
    ///   used twice; storage errors.
    public func createSession(_ spec: SessionSpec) async throws -> Session {
        guard !spec.agents.isEmpty else {
            throw AI2AIError(.invalidArgument, "A session needs at least one agent")
        }
        var names = Set<String>()
        for agent in spec.agents {
            let name = agent.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else { throw AI2AIError(.invalidArgument, "Agent names must not be empty") }
            guard names.insert(name.lowercased()).inserted else {
                throw AI2AIError(.invalidArgument, "Two agents are named \(name); names must be unique")
            }
        }
        let now = services.clock.now
        let session = Session(title: spec.title, systemPrompt: spec.systemPrompt, tags: spec.tags, createdAt: now)
        let agents = spec.agents.enumerated().map { index, agent in
            Agent(
                sessionID: session.id,
                index: index,
                name: agent.name.trimmingCharacters(in: .whitespacesAndNewlines),
                role: agent.role,
                model: agent.model,
                actionFormat: agent.actionFormat,
                provider: services.providerName(of: agent.model),
                maxRunning: agent.maxRunning ?? services.configuration.limits.maxConcurrentTasksPerAgent,
                createdAt: now
            )
        }
        try await store.createSession(session, agents: agents)
        services.dispatcher.include(session.id)
        return session
    }

    /// Sends a message to a session: one root task for each targeted agent, as the original
    /// ai2ai-feedback system does. The agents start on them at once.
    /// - Parameters:
    ///   - message: The text; it becomes each task's description.
    ///   - session: The session.
    ///   - targets: 0-based indices of the agents to send it to; `nil` for all of them.
    ///   - initiator: Who sent it (the tasks' `created_by`); `"user"` by default.
    /// - Returns: The tasks created, in agent order.
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session or agent index;
    ///   `.invalidArgument` for an empty message or target list.
    public func send(
        _ message: String,
        to session: SessionID,
        targets: [Int]? = nil,
        initiator: String = "user"
    ) async throws -> [AgentTask] {
        guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw AI2AIError(.invalidArgument, "The message is empty")
        }
        let agents = try await store.agents(in: session)
        var targeted = agents
        if let targets {
            guard !targets.isEmpty else { throw AI2AIError(.invalidArgument, "The target list is empty") }
            targeted = try Set(targets).sorted().map { index in
                guard let agent = agents.first(where: { $0.index == index }) else {
                    throw AI2AIError.notFound("Agent index", "\(index) of session \(session)")
                }
                return agent
            }
        }
        let title = "Process message: " + (message.count > 50 ? "\(message.prefix(50))..." : message)
        let created = try await services.withSessionGate(session) {
            let now = services.clock.now
            var created: [AgentTask] = []
            for agent in targeted {
                let task = AgentTask(
                    sessionID: session,
                    title: title,
                    description: message,
                    createdBy: initiator,
                    assignedTo: agent.id,
                    createdAt: now
                )
                created.append(try await store.createTask(task))
            }
            services.events.changed(session)
            return created
        }
        for task in created { services.wake(task.assignedTo) }
        return created
    }

    /// A session's events: its stored history after `sequence` (all of it by default), then its
    /// events as they happen, in order, each stored event once (numbered by ``SessionEvent/sequence``).
    ///
    /// Stored events come from the store's event log, so events of work done by another process on
    /// the same database arrive too (within ``Configuration/eventPollInterval`` while ``run()`` runs).
    /// Model text deltas are live only, from this process's work. To resume after a stream ended,
    /// subscribe again with the last stored sequence number seen.
    ///
    /// The stream ends when the consumer stops iterating, after `session_deleted`, when the store
    /// cannot be read, or when the consumer falls more than 256 live deltas (or 1 MiB of them)
    /// behind: a slow consumer never makes memory grow.
    /// - Parameters:
    ///   - session: The session.
    ///   - sequence: Deliver the stored events after this one; 0 (default) for the whole history.
    public func events(for session: SessionID, after sequence: UInt64 = 0) -> AsyncStream<SessionEvent> {
        services.events.subscribe(to: session, after: sequence)
    }

    /// Returns the session with this identifier.
    /// - Throws: ``AI2AIError`` `.notFound`.
    public func session(_ id: SessionID) async throws -> Session {
        try await store.session(id)
    }

    /// A session's tasks, oldest first.
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session.
    public func tasks(in session: SessionID) async throws -> [AgentTask] {
        _ = try await store.session(session)
        return try await store.tasks(.session(session))
    }

    /// The task with this identifier, which must belong to `session`.
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session, an unknown task, or a task of
    ///   another session.
    public func task(_ id: TaskID, in session: SessionID) async throws -> AgentTask {
        _ = try await store.session(session)
        let task = try await store.task(id)
        guard task.sessionID == session else { throw AI2AIError.notFound("Task", id) }
        return task
    }

    /// A session's agents by index; each agent's `isActive` says whether this orchestrator works
    /// its tasks now (``isRunning(agent:)``; the `is_active` of the original HTTP API).
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session.
    public func agents(in session: SessionID) async throws -> [Agent] {
        try await store.agents(in: session).map { agent in
            var agent = agent
            agent.isActive = works(agent)
            return agent
        }
    }

    /// A session's completed tasks, root tasks and subtasks, the most recently completed first.
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session.
    public func responses(in session: SessionID) async throws -> [AgentTask] {
        _ = try await store.session(session)
        let completed = try await store.tasks(TaskFilter(sessionID: session, statuses: [.completed]))
        return completed.sorted { ($0.completedAt ?? $0.updatedAt) > ($1.completedAt ?? $1.updatedAt) }
    }

    /// Summed token usage of a session, a task or an agent.
    public func usage(_ scope: UsageScope) async throws -> UsageTotals {
        try await store.usage(scope)
    }
}
