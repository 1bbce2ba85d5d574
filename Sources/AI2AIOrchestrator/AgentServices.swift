//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIProviders
import AI2AIStorage
import Foundation
import Logging

/// What the orchestrator shares with its agent loops and their task workers: the store and the
/// models, the configuration and logger, the event hub with the gates that order a session's
/// events, the provider gates, the registry of running agents, and the metrics.
final class AgentServices: Sendable {
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
    /// The agent loops of this orchestrator.
    let agents = AgentRegistry()
    /// The orchestrator's counters.
    let metrics = OrchestratorMetrics()

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

    /// Starts a loop for the agent unless one runs; returns whether one was started. Without a
    /// connected `run()` loop the agent starts when one connects.
    @discardableResult
    func start(_ agent: Agent, session: Session, roster: [Agent]) -> Bool {
        agents.start(agent.id) { AgentRunner(agent: agent, session: session, roster: roster, services: self) }
    }

    /// The provider a model string resolves to in this orchestrator's registry: what the store
    /// routes the agent's tasks by (``AI2AICore/Agent/provider``). A model the registry cannot
    /// resolve now (its provider is not configured here) is named by its prefix, or else by the
    /// registry's default provider.
    func providerName(of model: String) -> String {
        if let resolution = try? models.resolve(model) { return resolution.providerName }
        let spec = model.trimmingCharacters(in: .whitespaces).isEmpty ? (models.defaultModel ?? "") : model
        return Agent.provider(ofModel: spec, defaultProvider: models.defaultProvider)
    }

    /// Wakes an agent's loop at once, if it runs in this process.
    func wake(_ agent: AgentID) {
        agents.wake(agent)
    }
}
