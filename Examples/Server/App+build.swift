//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import HTTPTypes
import Hummingbird
import Logging

/// The router with every route of ``OpenAPIDocument/operations`` and the middleware chain:
/// CORS (outermost, so error answers and preflights carry its headers), JSON errors, the bearer
/// token when configured, and the body limit.
func buildRouter(services: ServerServices) -> Router<BasicRequestContext> {
    let configuration = services.configuration
    let router = Router(context: BasicRequestContext.self)
    let origins: CORSMiddleware<BasicRequestContext>.AllowOriginExtended =
        configuration.corsOrigin.map { .custom($0) } ?? .all
    router.add(
        middleware: CORSMiddleware(
            allowOrigin: origins,
            allowHeaders: [.accept, .authorization, .contentType, .origin],
            allowMethods: [.get, .post, .options],
            maxAge: .seconds(600)
        )
    )
    router.add(middleware: ErrorMiddleware())
    if let token = configuration.apiToken {
        router.add(middleware: AuthMiddleware(token: token))
    }
    router.add(middleware: BodyLimitMiddleware(limit: configuration.maxBodyBytes))
    MultiAgentRoutes(services: services).register(on: router)
    EventRoutes(services: services).register(on: router)
    FeedbackRoutes(services: services).register(on: router)
    SystemRoutes(services: services).register(on: router)
    return router
}

/// The application: the router on `HOST:PORT`, with the orchestrator as a service, so that a
/// graceful shutdown (SIGTERM) stops the HTTP server first and then the agent loops, which give
/// their tasks back before the store is released.
func buildApplication(
    services: ServerServices,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let configuration = services.configuration
    return Application(
        router: buildRouter(services: services),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "ai2ai-server"
        ),
        services: [services.orchestrator],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}
