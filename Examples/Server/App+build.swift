//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging

/// The router with every route of ``OpenAPIDocument/operations`` and the middleware chain: the
/// `Host` check (outermost), the origin check with CORS (so that error answers and preflights
/// carry its headers), JSON errors, the bearer token when configured, and the body limit.
func buildRouter(services: ServerServices) -> Router<BasicRequestContext> {
    let configuration = services.configuration
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: HostCheckMiddleware(configuration: configuration))
    router.add(middleware: OriginMiddleware(configuration: configuration))
    router.add(middleware: ErrorMiddleware())
    if let token = configuration.apiToken {
        router.add(middleware: AuthMiddleware(token: token))
    }
    router.add(middleware: BodyLimitMiddleware(limit: configuration.maxBodyBytes))
    MultiAgentRoutes(services: services).register(on: router)
    SessionRoutes(services: services).register(on: router)
    EventRoutes(services: services).register(on: router)
    FeedbackRoutes(services: services).register(on: router)
    SystemRoutes(services: services).register(on: router)
    ConsoleRoutes(configuration: configuration).register(on: router)
    return router
}

/// The application: the router (behind path normalization) on `HOST:PORT`, with the header and
/// idle timeouts and the connection cap of the configuration and a listen backlog of 1,024, and the orchestrator as a service,
/// so that a graceful shutdown (SIGTERM) stops the HTTP server first and then the agent loops,
/// which give their tasks back before the store is released.
func buildApplication(
    services: ServerServices,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let configuration = services.configuration
    return Application(
        responder: NormalizedPathResponder(base: buildRouter(services: services).buildResponder()),
        server: .timedHTTP1(configuration),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "ai2ai-server",
            // Room for a burst of new connections (the kernel caps it at net.core.somaxconn); with
            // Hummingbird's 256, a burst of 1,000 makes the next client retry its SYN after 1 s.
            backlog: 1024,
            availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections, logger: logger)
        ),
        services: [services.orchestrator],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}
