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

/// What the orchestrator shares with its dispatcher and task workers: the store and the models,
/// the configuration and logger, the event hub, the gates that serialise a session's writes, the
/// provider call slots, the dispatcher's state, and the metrics.
final class AgentServices: Sendable {
    let store: any AgentStore
    let models: ModelRegistry
    let configuration: Orchestrator.Configuration
    let logger: Logger
    let events: EventHub
    /// Serialises a session's writes that must not interleave: a message's tasks, a cancellation,
    /// a deletion. Turn commits do not take it (each is one transaction, ordered by the event log).
    let sessionGates = KeyedSemaphores<SessionID>(permits: 1)
    /// The call slots of the configured providers: the pool's bound and its admission.
    let slots: ProviderSlots
    /// The dispatcher's state: scope, tasks in flight, wake-ups.
    let dispatcher: Dispatcher
    /// The orchestrator's counters.
    let metrics = OrchestratorMetrics()
    /// The tasks being worked now, so that a cancellation stops their workers at once.
    let inFlight: InFlightWork
    /// This run of the orchestrator: its instance and a number of its own, so that a restarted
    /// process with the same ``Orchestrator/Configuration/instanceID`` is another incarnation. Lease
    /// owners are `"<incarnation>/<claim>"` and heartbeats are recorded under it.
    let incarnation: String

    init(store: any AgentStore, models: ModelRegistry, configuration: Orchestrator.Configuration, logger: Logger) {
        self.store = store
        self.models = models
        self.configuration = configuration
        self.logger = logger
        self.events = EventHub(store: store, clock: configuration.clock, logger: logger)
        self.inFlight = InFlightWork(instanceID: configuration.instanceID)
        self.incarnation = "\(configuration.instanceID)/\(UInt32.random(in: 0...UInt32.max))"
        self.slots = ProviderSlots(
            providers: models.providerNames,
            perProvider: configuration.limits.maxConcurrentModelCallsPerProvider
                ?? Orchestrator.Limits.slotsPerUnlimitedProvider
        )
        self.dispatcher = Dispatcher(scope: configuration.initialClaimScope)
    }

    /// A lease owner for one claim: this incarnation and a claim of its own, so that a worker whose
    /// lease expired can never write over a later claim of the same task.
    func newLeaseOwner() -> String {
        "\(incarnation)/\(UInt64.random(in: 0...UInt64.max))"
    }

    /// Where the orchestrator reads the time and waits.
    var clock: any AI2AIClock { configuration.clock }

    /// A lease held by `owner` for the configured duration (from the store's now).
    func lease(by owner: String) -> Lease {
        Lease(owner: owner, duration: configuration.leaseDuration)
    }

    /// Runs `body` under a session's gate, ignoring cancellation while waiting (sections are short).
    func withSessionGate<T>(_ session: SessionID, _ body: () async throws -> T) async rethrows -> T {
        try await sessionGates.withPermitIgnoringCancellation(for: session, body)
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

    /// Wakes the dispatcher at once: a task was assigned to, or became ready for, this agent.
    func wake(_ agent: AgentID) {
        dispatcher.kick()
    }
}
