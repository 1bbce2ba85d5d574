//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Synchronization

/// The agent loops of this orchestrator: which run, which wait for a `run()` loop to start them,
/// and the channel to that loop.
final class AgentRegistry: Sendable {
    /// A request to the orchestrator's `run()` loop.
    enum Command: Sendable {
        /// Run this agent's loop as a child task.
        case start(AgentRunner)
    }

    private struct State {
        var commands: AsyncStream<Command>.Continuation?
        var runners: [AgentID: AgentRunner] = [:]
        /// Loops to start as soon as a `run()` loop connects.
        var pending: [AgentID: AgentRunner] = [:]
    }

    private let state = Mutex(State())

    /// Connects the registry to a running `run()` loop; returns `false` when one is connected already.
    /// Agents asked to start before it connected start now.
    func attach(_ commands: AsyncStream<Command>.Continuation) -> Bool {
        let pending: [AgentRunner]? = state.withLock { state in
            guard state.commands == nil else { return nil }
            state.commands = commands
            defer { state.pending = [:] }
            return Array(state.pending.values)
        }
        guard let pending else { return false }
        for runner in pending { start(runner.agent.id) { runner } }
        return true
    }

    /// Forgets an agent asked to start while no `run()` loop was connected.
    func cancelPendingStart(_ agent: AgentID) {
        state.withLock { _ = $0.pending.removeValue(forKey: agent) }
    }

    /// Disconnects the `run()` loop, and forgets runners it never got to start.
    func detach() {
        let (continuation, runners) = state.withLock { state in
            defer { state.commands = nil }
            return (state.commands, Array(state.runners.values))
        }
        continuation?.finish()
        for runner in runners { runner.abandon() }
    }

    /// Whether a `run()` loop is connected.
    var isRunning: Bool { state.withLock { $0.commands != nil } }

    /// Starts a loop for the agent unless one runs; returns whether one was started. Without a
    /// connected `run()` loop the runner is remembered and starts when one connects.
    /// - Parameter makeRunner: Builds the agent's runner; called only when one is needed.
    @discardableResult
    func start(_ agent: AgentID, _ makeRunner: () -> AgentRunner) -> Bool {
        let started: (AsyncStream<Command>.Continuation, AgentRunner)? = state.withLock { state in
            guard let commands = state.commands else {
                state.pending[agent] = makeRunner()
                return nil
            }
            guard state.runners[agent] == nil else { return nil }
            let runner = makeRunner()
            state.runners[agent] = runner
            return (commands, runner)
        }
        guard let (commands, runner) = started else { return false }
        // Outside the lock: resuming the run loop must never wait on a lock of ours.
        if case .terminated = commands.yield(.start(runner)) {
            runner.abandon()
            return false
        }
        return true
    }

    /// The loop of an agent, if one runs.
    func runner(for agent: AgentID) -> AgentRunner? {
        state.withLock { $0.runners[agent] }
    }

    /// Forgets a runner whose loop ended.
    func remove(_ runner: AgentRunner) {
        state.withLock { state in
            if state.runners[runner.agent.id] === runner { state.runners[runner.agent.id] = nil }
        }
    }

    /// Forgets the runners of a session's agents that wait for a `run()` loop, and returns those
    /// that run, for the caller to stop.
    func removeSession(_ session: SessionID) -> [AgentRunner] {
        state.withLock { state in
            state.pending = state.pending.filter { $0.value.session.id != session }
            return state.runners.values.filter { $0.session.id == session }
        }
    }

    /// How many runners are registered, running or waiting to start (for tests).
    var count: Int { state.withLock { $0.runners.count + $0.pending.count } }

    /// The identifiers of the agents with a running loop.
    var runningAgents: Set<AgentID> { state.withLock { Set($0.runners.keys) } }

    /// Wakes an agent's loop at once, if it runs here.
    func wake(_ agent: AgentID) {
        runner(for: agent)?.wake()
    }
}
