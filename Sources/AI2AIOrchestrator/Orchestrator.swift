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

/// Runs multi-agent sessions: each agent works its tasks in its own loop, delegates subtasks to
/// the others, and completes tasks with results, all persisted in an ``AgentStore``.
///
/// The orchestrator is a swift-service-lifecycle `Service`: ``run()`` owns the agent loops (one
/// child task per agent) and the maintenance loop (store poll and expired-lease recovery), and
/// returns on cancellation or graceful shutdown after the loops have given their tasks back.
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
/// Sessions can be created and messages sent while the orchestrator is not running; their agents
/// start when ``run()`` starts, even with ``Configuration/resumesActiveAgents`` off (which only
/// decides whether the active agents of earlier processes, found in the store, start too).
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

    /// Runs the agent loops until cancelled or until a graceful shutdown.
    ///
    /// On start it returns expired leases to pending and, with
    /// ``Configuration/resumesActiveAgents``, starts the loops of the active agents in the store.
    /// While running it starts agents of new sessions at once, polls the store for tasks of other
    /// processes, and recovers expired leases. On shutdown every loop gives back its task.
    /// - Throws: ``AI2AIError`` `.conflict` when the orchestrator is already running.
    public func run() async throws {
        let (commands, continuation) = AsyncStream.makeStream(of: AgentRegistry.Command.self)
        guard services.agents.attach(continuation) else {
            throw AI2AIError(.conflict, "The orchestrator is already running")
        }
        let services = services
        services.logger.info(
            "Orchestrator started",
            metadata: ["orchestrator.instance": "\(services.configuration.instanceID)"]
        )
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await services.maintain() }
                group.addTask {
                    if services.configuration.resumesActiveAgents { await services.resumeActiveAgents() }
                }
                for await command in commands {
                    switch command {
                    case .start(let runner): group.addTask { await runner.run() }
                    }
                }
                group.cancelAll()
            }
        }
        services.agents.detach()
        services.logger.info("Orchestrator stopped")
    }
}
