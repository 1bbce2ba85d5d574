//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
public import AI2AIProviders
public import AI2AIStorage
import Foundation
public import Logging
public import ServiceLifecycle

/// Runs multi-agent sessions: agents work their tasks, delegate subtasks to each other, and
/// complete tasks with results, all persisted in an ``AgentStore``.
///
/// Agents are rows in the store, not loops: an agent costs nothing while it has no work. ``run()``
/// runs one dispatcher for the whole process. It claims the next ready task of any session in
/// ``Configuration/claimScope`` (``AgentStore/claimNext(_:)``) only with a free call slot of that
/// task's provider in hand, and works it in a child task that keeps the slot until the claim
/// ends, so at most the sum of the provider limits are in flight and no claimed task waits for a
/// slot. An assignment in this process wakes the dispatcher at once; the store poll finds the work
/// of other processes; the maintenance loop recovers expired leases. It returns on cancellation,
/// or after draining on graceful shutdown (see ``Configuration/shutdownGracePeriod``), after every
/// claimed task has been committed or given back.
///
/// ```swift
/// let models = ModelRegistry.fromEnvironment()  // OPENROUTER_API_KEY, OLLAMA_ENDPOINT, ...
/// let orchestrator = Orchestrator(store: try SQLiteStore(path: "ai2ai.sqlite"), models: models)
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { try await orchestrator.run() }
///     let session = try await orchestrator.createSession(SessionSpec(agents: [
///         AgentSpec(name: "Coordinator", role: "Splits the work", model: "openrouter:openai/gpt-4o"),
///         AgentSpec(name: "Researcher", role: "Finds facts", model: "ollama:llama3.2"),
///     ]))
///     _ = try await orchestrator.send("Write a short report on tides", to: session.id, targets: [0])
///     let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(600))
///     print(roots.map { $0.result ?? $0.error ?? "" })
///     group.cancelAll()
/// }
/// ```
///
/// Sessions can be created and messages sent while the orchestrator is not running; their tasks are
/// claimed when ``run()`` starts.
public final class Orchestrator: Service, Sendable {
    let services: AgentServices

    /// The store sessions, agents and tasks live in.
    public var store: any AgentStore { services.store }
    /// The models agents call, by `provider:model` string.
    public var models: ModelRegistry { services.models }
    /// The configuration the orchestrator was created with.
    public var configuration: Configuration { services.configuration }

    /// Creates an orchestrator. Nothing runs until ``run()`` is called.
    /// - Parameters:
    ///   - store: Where everything is kept (``SQLiteStore`` or ``InMemoryStore``).
    ///   - models: The providers agents' model strings resolve against.
    ///   - configuration: Limits, leases, polling and retries.
    ///   - logger: The logger for the orchestrator's messages; the task-local logger by default.
    public init(
        store: any AgentStore,
        models: ModelRegistry,
        configuration: Configuration = Configuration(),
        logger: Logger = .current
    ) {
        self.services = AgentServices(store: store, models: models, configuration: configuration, logger: logger)
    }

    /// Runs the dispatcher and the maintenance loop until cancelled, or until drained after a
    /// graceful shutdown or ``beginShutdown(gracePeriod:)``.
    ///
    /// It claims and works ready tasks at once (those of earlier processes included, within
    /// ``Configuration/claimScope``), polls the store for tasks of other processes, and recovers
    /// expired leases. When cancelled, every in-flight task is given back at once; when draining,
    /// in-flight turns may finish first.
    /// - Throws: ``AI2AIError`` `.conflict` when the orchestrator is already running.
    public func run() async throws {
        guard let wakes = services.dispatcher.attach() else {
            throw AI2AIError(.conflict, "The orchestrator is already running")
        }
        let services = services
        services.logger.info(
            "Orchestrator started",
            metadata: [
                "orchestrator.instance": "\(services.configuration.instanceID)",
                "orchestrator.slots": "\(services.slots.total)",
            ]
        )
        // Beat before the first claim: a claim of this run is then known to be this run's.
        await services.beat()
        await withDiscardingTaskGroup { group in
            group.addTask { await services.maintain() }
            group.addTask { await services.pollEventLog() }
            if let notifications = services.store.readyWorkNotifications() {
                // Another process's commit made work ready (PostgreSQL NOTIFY): claim now.
                group.addTask {
                    for await _ in notifications { services.dispatcher.kick() }
                }
            }
            await withGracefulShutdownHandler {
                await services.dispatch(wakes)
            } onGracefulShutdown: {
                services.dispatcher.beginDrain(gracePeriod: nil)
            }
            group.cancelAll()
        }
        services.dispatcher.detach()
        services.logger.info("Orchestrator stopped")
    }

    /// Starts draining: nothing new is claimed, each in-flight task is given back once its
    /// current turn is stored, and after the grace period what still runs is cancelled and given
    /// back; ``run()`` then returns. A graceful shutdown of the service group does the same.
    /// - Parameter gracePeriod: How long in-flight turns may take; `nil` for
    ///   ``Configuration/shutdownGracePeriod``.
    public func beginShutdown(gracePeriod: Duration? = nil) {
        services.dispatcher.beginDrain(gracePeriod: gracePeriod)
    }

    /// Whether ``run()`` runs and is not draining.
    public var isRunning: Bool { services.dispatcher.isRunning }
}
