//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
import AI2AIStorage

extension Orchestrator {
    /// Starts a session's agents: marks the stopped ones active, so that their tasks are claimed
    /// again, and brings the session into this orchestrator's ``Configuration/claimScope``.
    ///
    /// Publishes `agentStarted` for each agent that was not running here. Works whether or not the
    /// orchestrator runs; its tasks are claimed once it does.
    /// - Returns: How many agents were started (were stopped, or outside the claim scope).
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session.
    @discardableResult
    public func startAgents(in session: SessionID) async throws -> Int {
        let roster = try await store.agents(in: session)
        let inScope = services.dispatcher.scope.contains(session)
        var started: [AgentID] = []
        for agent in roster where !agent.isActive || !inScope {
            if !agent.isActive { try await store.setAgentActive(agent.id, isActive: true) }
            started.append(agent.id)
        }
        services.dispatcher.include(session)
        try await announce(started.map { .agentStarted($0) }, in: session)
        services.dispatcher.kick()
        return started.count
    }

    /// Stops a session's agents: marks them inactive, so that none of their tasks is claimed, and
    /// gives back the tasks they are working on. Returns once those tasks are back to pending.
    ///
    /// Publishes `agentStopped` for each agent that was active.
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session.
    public func stopAgents(in session: SessionID) async throws {
        let roster = try await store.agents(in: session)
        var stopped: [AgentID] = []
        for agent in roster {
            try await store.setAgentActive(agent.id, isActive: false)
            if agent.isActive { stopped.append(agent.id) }
        }
        await stopWork(of: Set(roster.map(\.id)))
        try await announce(stopped.map { .agentStopped($0) }, in: session)
    }

    /// Stores events about agents (no task changed) and tells the session's subscribers.
    private func announce(_ events: [SessionEvent.Kind], in session: SessionID) async throws {
        guard !events.isEmpty else { return }
        _ = try await store.appendEvents(events, to: session)
        services.events.changed(session)
    }

    /// Stops an agent (its task in progress here goes back to pending) and starts it again; its
    /// task is claimed again and resumes from its last stored turn. Publishes `agentStopped`, then
    /// `agentStarted`.
    /// - Parameters:
    ///   - session: The session.
    ///   - index: The agent's 0-based index.
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session or index.
    public func restartAgent(in session: SessionID, index: Int) async throws {
        let roster = try await store.agents(in: session)
        guard let agent = roster.first(where: { $0.index == index }) else {
            throw AI2AIError.notFound("Agent index", "\(index) of session \(session)")
        }
        await stopWork(of: [agent.id])
        if !agent.isActive { try await store.setAgentActive(agent.id, isActive: true) }
        services.dispatcher.include(session)
        try await announce([.agentStopped(agent.id), .agentStarted(agent.id)], in: session)
        services.dispatcher.kick()
    }

    /// Whether this orchestrator works the agent's tasks now: it runs, the agent is active, its
    /// session is in the claim scope and its provider is configured here.
    ///
    /// An agent is a row, not a loop: "running" means its tasks are claimed when ready.
    public func isRunning(agent id: AgentID) async -> Bool {
        guard services.dispatcher.isRunning, let agent = try? await store.agent(id) else { return false }
        return works(agent)
    }

    /// Whether this orchestrator works the tasks of an agent read from the store (see ``isRunning(agent:)``).
    func works(_ agent: Agent) -> Bool {
        services.dispatcher.isRunning && agent.isActive && services.dispatcher.scope.contains(agent.sessionID)
            && services.slots.providers.contains(agent.provider)
    }

    /// Stops the in-flight work of agents once every claim that may have read them as active has
    /// registered its task.
    private func stopWork(of agents: Set<AgentID>) async {
        await services.dispatcher.claimBarrier()
        await services.dispatcher.stop(agents: agents)
    }
}
