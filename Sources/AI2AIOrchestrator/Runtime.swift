//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIProviders
import AI2AIStorage
import Logging
import Metrics
import Synchronization

/// What the orchestrator, its agent runners and their task workers share.
final class Runtime: Sendable {
    /// A request to the orchestrator's `run()` loop.
    enum Command: Sendable {
        /// Run this agent's loop as a child task.
        case start(AgentRunner)
    }

    /// An agent asked to start while no `run()` loop was connected.
    private struct PendingStart {
        var agent: Agent
        var session: Session
        var roster: [Agent]
    }

    private struct Registry {
        var commands: AsyncStream<Command>.Continuation?
        var runners: [AgentID: AgentRunner] = [:]
        /// Agents to start as soon as a `run()` loop connects.
        var pending: [AgentID: PendingStart] = [:]
    }

    let store: any AgentStore
    let models: ModelRegistry
    let configuration: Orchestrator.Configuration
    let logger: Logger
    let events: EventHub
    /// Serialises each session's store writes with the publication of their events, so that a
    /// session's events are in causal order.
    let sessionGates = KeyedSemaphores<SessionID>(permits: 1)
    /// Bounds concurrent model calls per provider.
    let providerGates: KeyedSemaphores<String>?
    private let registry = Mutex(Registry())
    /// Counts model turns stored.
    let turnCounter = Counter(label: "ai2ai_agent_turns_total")
    /// Counts tasks that completed.
    let completedCounter = Counter(label: "ai2ai_tasks_finished_total", dimensions: [("outcome", "completed")])
    /// Counts tasks that failed.
    let failedCounter = Counter(label: "ai2ai_tasks_finished_total", dimensions: [("outcome", "failed")])
    /// Counts model calls retried by the orchestrator.
    let retryCounter = Counter(label: "ai2ai_model_call_retries_total")

    init(store: any AgentStore, models: ModelRegistry, configuration: Orchestrator.Configuration, logger: Logger) {
        self.store = store
        self.models = models
        self.configuration = configuration
        self.logger = logger
        self.events = EventHub(clock: configuration.clock)
        self.providerGates = configuration.limits.maxConcurrentModelCallsPerProvider.map {
            KeyedSemaphores(permits: $0)
        }
    }

    /// A lease owner for one claim: this orchestrator, the agent, and a claim of its own, so that a
    /// worker whose lease expired can never write over a later claim of the same task.
    func newLeaseOwner(for agent: AgentID) -> String {
        "\(configuration.instanceID)/\(agent)/\(UInt64.random(in: 0...UInt64.max))"
    }

    /// Where the orchestrator reads the time and waits.
    var clock: any AI2AIClock { configuration.clock }

    /// A lease held by `owner` for the configured duration (from the store's now).
    func lease(by owner: String) -> Lease {
        Lease(owner: owner, duration: configuration.leaseDuration)
    }

    /// Runs `body` under a session's gate, ignoring cancellation while waiting (sections are short).
    func withSessionGate<T>(_ session: SessionID, _ body: () async throws -> T) async rethrows -> T {
        try await sessionGates.semaphore(for: session).withPermitIgnoringCancellation(body)
    }

    // MARK: Running agents

    /// Connects the registry to a running `run()` loop; returns `false` when one is connected already.
    /// Agents asked to start before it connected start now.
    func attach(_ commands: AsyncStream<Command>.Continuation) -> Bool {
        let pending: [PendingStart]? = registry.withLock { registry in
            guard registry.commands == nil else { return nil }
            registry.commands = commands
            defer { registry.pending = [:] }
            return Array(registry.pending.values)
        }
        guard let pending else { return false }
        for start in pending { self.start(start.agent, session: start.session, roster: start.roster) }
        return true
    }

    /// Forgets an agent asked to start while no `run()` loop was connected.
    func cancelPendingStart(_ agent: AgentID) {
        registry.withLock { _ = $0.pending.removeValue(forKey: agent) }
    }

    /// Disconnects the `run()` loop, and forgets runners it never got to start.
    func detach() {
        let (continuation, runners) = registry.withLock { registry in
            defer { registry.commands = nil }
            return (registry.commands, Array(registry.runners.values))
        }
        continuation?.finish()
        for runner in runners { runner.abandon() }
    }

    /// Whether a `run()` loop is connected.
    var isRunning: Bool { registry.withLock { $0.commands != nil } }

    /// Starts a loop for the agent unless one runs; returns whether one was started. Without a
    /// connected `run()` loop the agent is remembered and starts when one connects.
    @discardableResult
    func start(_ agent: Agent, session: Session, roster: [Agent]) -> Bool {
        let started: (AsyncStream<Command>.Continuation, AgentRunner)? = registry.withLock { registry in
            guard let commands = registry.commands else {
                registry.pending[agent.id] = PendingStart(agent: agent, session: session, roster: roster)
                return nil
            }
            guard registry.runners[agent.id] == nil else { return nil }
            let runner = AgentRunner(agent: agent, session: session, roster: roster, runtime: self)
            registry.runners[agent.id] = runner
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
        registry.withLock { $0.runners[agent] }
    }

    /// Forgets a runner whose loop ended.
    func remove(_ runner: AgentRunner) {
        registry.withLock { registry in
            if registry.runners[runner.agent.id] === runner { registry.runners[runner.agent.id] = nil }
        }
    }

    /// The identifiers of the agents with a running loop.
    var runningAgents: Set<AgentID> { registry.withLock { Set($0.runners.keys) } }

    /// Counts a stored model turn.
    func countTurn() { turnCounter.increment() }

    /// Counts a model call the orchestrator retries.
    func countRetry() { retryCounter.increment() }

    /// Counts a task that reached a terminal status.
    func count(_ status: TaskStatus) {
        switch status {
        case .completed: completedCounter.increment()
        case .failed, .cancelled: failedCounter.increment()
        case .pending, .inProgress, .waiting: break
        }
    }

    /// Wakes an agent's loop at once, if it runs in this process.
    func wake(_ agent: AgentID) {
        runner(for: agent)?.wake()
    }
}

/// One ``AsyncSemaphore`` per key, created on first use.
final class KeyedSemaphores<Key: Hashable & Sendable>: Sendable {
    private let permits: Int
    private let semaphores = Mutex<[Key: AsyncSemaphore]>([:])

    init(permits: Int) { self.permits = permits }

    func semaphore(for key: Key) -> AsyncSemaphore {
        semaphores.withLock { semaphores in
            if let semaphore = semaphores[key] { return semaphore }
            let semaphore = AsyncSemaphore(permits: permits)
            semaphores[key] = semaphore
            return semaphore
        }
    }
}
