//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import HTTPTypes
import Hummingbird

/// CORS for the origins of ``ServerConfiguration/corsOrigins`` only, and a 403 for requests from
/// any other web page.
///
/// Browsers send `Origin` with every cross-origin request, including the "simple" ones (a form
/// post, a `text/plain` fetch) that need no preflight: without this check, any page the user
/// visits could create sessions and spend the providers' credits through a local server. A request
/// without `Origin` (curl, an SDK, a same-origin `GET`) and a request from the server's own origin
/// (the console at `/`) pass. Listed origins, matched exactly, get `Access-Control-Allow-Origin`
/// and their preflights answered (204); `*` in the list allows every origin.
struct OriginMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The origins allowed to call the API from a browser.
    let origins: Set<String>
    /// Whether `*` was listed.
    let allowsEveryOrigin: Bool

    /// Creates the middleware for a configuration.
    init(configuration: ServerConfiguration) {
        origins = Set(configuration.corsOrigins)
        allowsEveryOrigin = origins.contains("*")
    }

    private static var allowedMethods: String { "GET, POST, OPTIONS" }
    private static var allowedHeaders: String { "Accept, Authorization, Content-Type, Last-Event-ID" }

    func handle(
        _ request: Request,
        context: Context,
        next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let origin = request.headers[.origin] else {
            return varied(try await next(request, context))
        }
        if allowsEveryOrigin || origins.contains(origin) {
            if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
                return varied(
                    Response(
                        status: .noContent,
                        headers: [
                            .accessControlAllowOrigin: allowsEveryOrigin ? "*" : origin,
                            .accessControlAllowMethods: Self.allowedMethods,
                            .accessControlAllowHeaders: Self.allowedHeaders,
                            .accessControlMaxAge: "600",
                        ]
                    )
                )
            }
            var response = try await next(request, context)
            response.headers[.accessControlAllowOrigin] = allowsEveryOrigin ? "*" : origin
            return varied(response)
        }
        if Self.isSameOrigin(origin, authority: request.head.authority) {
            return varied(try await next(request, context))
        }
        return varied(
            Response.json(
                DetailBody(
                    detail:
                        "Cross-origin request from \(origin) refused; list the origin in AI2AI_CORS_ORIGIN to allow it"
                ),
                status: .forbidden
            )
        )
    }

    /// Adds `Vary: Origin` when the answer depends on the origin, so that caches keep them apart.
    private func varied(_ response: Response) -> Response {
        guard !origins.isEmpty, !allowsEveryOrigin else { return response }
        var response = response
        response.headers[values: .vary].append("Origin")
        return response
    }

    /// Whether `origin` (`http://host:port`) is the origin the request was sent to.
    private static func isSameOrigin(_ origin: String, authority: String?) -> Bool {
        guard let authority else { return false }
        let lowered = origin.lowercased()
        for scheme in ["http://", "https://"] where lowered.hasPrefix(scheme) {
            return lowered.dropFirst(scheme.count) == authority.lowercased()
        }
        return false
    }
}
