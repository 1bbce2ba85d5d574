//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AIPostgres
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus

// `ai2ai-server`: the HTTP API of AI2AI. Configured by environment variables (see
// Documentation/HTTP-API.md); `swift run ai2ai-server` serves on 127.0.0.1:8001 with
// ./ai2ai.sqlite. SIGTERM or SIGINT shuts it down gracefully.

let environment = ProcessInfo.processInfo.environment
let logLevel =
    (environment["AI2AI_LOG_LEVEL"] ?? environment["LOG_LEVEL"])
    .flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = logLevel
    return handler
}
let logger = Logger(label: "ai2ai-server")
// What the library and the server record through swift-metrics, shown by GET /metrics.
let metrics = PrometheusCollectorRegistry()
MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics))

do {
    var configuration = try ServerConfiguration(environment: environment)
    if let descriptors = FileDescriptorLimit.raiseToHardLimit(),
        FileDescriptorLimit.connections(fitting: descriptors) < configuration.maxConnections
    {
        logger.notice(
            "Fewer connections than configured fit in the file descriptor limit",
            metadata: [
                "server.max_connections": "\(FileDescriptorLimit.connections(fitting: descriptors))",
                "server.configured_max_connections": "\(configuration.maxConnections)",
                "process.open_files_limit": "\(descriptors)",
            ]
        )
        configuration.maxConnections = FileDescriptorLimit.connections(fitting: descriptors)
    }
    let store = try await configuration.database.makeStore()
    let models = ModelRegistry.fromEnvironment(environment, logger: logger)
    let orchestrator = Orchestrator(
        store: store,
        models: models,
        configuration: configuration.orchestrator,
        logger: logger
    )
    // FEEDBACK_MODEL (the registry's feedback model), else DEFAULT_MODEL.
    let feedback = FeedbackService(store: store, models: models, logger: logger)
    var services = ServerServices(orchestrator: orchestrator, feedback: feedback, configuration: configuration)
    services.metrics = metrics
    logger.info(
        "Starting ai2ai-server",
        metadata: [
            "server.address": "\(configuration.host):\(configuration.port)",
            "server.database": "\(configuration.database)",
            "server.auth": "\(configuration.apiToken == nil ? "off" : "bearer token")",
            "server.cors_origins":
                "\(configuration.corsOrigins.isEmpty ? "none" : configuration.corsOrigins.joined(separator: ","))",
            "server.allowed_hosts": "\(configuration.allowedHosts.joined(separator: ","))",
            "server.max_connections": "\(configuration.maxConnections)",
            "server.header_timeout": "\(configuration.headerTimeout)",
            "server.idle_timeout": "\(configuration.idleTimeout)",
            "server.retention": "\(configuration.retention.map { "\($0)" } ?? "off")",
            "models.providers": "\(models.providerNames.joined(separator: ","))",
            "models.default": "\(models.defaultModel ?? "none")",
            "models.feedback":
                "\(feedback.configuration.model ?? models.feedbackModel ?? models.defaultModel ?? "none")",
            "models.timeouts": "idle \(configuration.modelTimeouts.idle), total \(configuration.modelTimeouts.total)",
        ]
    )
    let app = buildApplication(services: services, logger: logger) { port in
        logger.info("Listening", metadata: ["server.port": "\(port)"])
    }
    try await app.runService()
    if let postgres = store as? PostgresStore { await postgres.close() }
} catch {
    logger.critical("ai2ai-server cannot start", metadata: ["error": "\(error)"])
    exit(EXIT_FAILURE)
}
