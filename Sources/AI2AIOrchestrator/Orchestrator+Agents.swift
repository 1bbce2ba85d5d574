//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
import AI2AIStorage

extension Orchestrator {
    /// Starts the loops of a session's agents that are not running, and marks them active.
    ///
    /// When the orchestrator is not running, the agents are marked active and start as soon as
    /// ``run()`` starts.
    /// - Returns: How many loops were started.
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session.
    @discardableResult
    public func startAgents(in session: SessionID) async throws -> Int {
        let stored = try await store.session(session)
        let roster = try await store.agents(in: session)
        var started = 0
        for agent in roster {
            if !agent.isActive { try await store.setAgentActive(agent.id, isActive: true) }
            if services.start(agent, session: stored, roster: roster) { started += 1 }
        }
        return started
    }

    /// Stops the loops of a session's agents and marks them inactive. A task being worked goes
    /// back to pending; returns once the loops have stopped.
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session.
    public func stopAgents(in session: SessionID) async throws {
        let roster = try await store.agents(in: session)
        for agent in roster {
            try await store.setAgentActive(agent.id, isActive: false)
            await stop(agent.id)
        }
    }

    /// Stops an agent's loop (its task goes back to pending) and starts it again; the restarted
    /// loop resumes the task from its last stored turn.
    /// - Parameters:
    ///   - session: The session.
    ///   - index: The agent's 0-based index.
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session or index.
    public func restartAgent(in session: SessionID, index: Int) async throws {
        let stored = try await store.session(session)
        let roster = try await store.agents(in: session)
        guard let agent = roster.first(where: { $0.index == index }) else {
            throw AI2AIError.notFound("Agent index", "\(index) of session \(session)")
        }
        await stop(agent.id)
        if !agent.isActive { try await store.setAgentActive(agent.id, isActive: true) }
        services.start(agent, session: stored, roster: roster)
    }

    /// Whether the agent's loop runs in this orchestrator.
    public func isRunning(agent: AgentID) -> Bool {
        services.agents.runner(for: agent) != nil
    }

    private func stop(_ agent: AgentID) async {
        services.agents.cancelPendingStart(agent)
        guard let runner = services.agents.runner(for: agent) else { return }
        runner.stop()
        await runner.waitUntilFinished()
    }
}
