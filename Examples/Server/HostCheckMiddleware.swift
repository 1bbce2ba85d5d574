//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import HTTPTypes
import Hummingbird

/// Refuses, with 421 and a JSON detail, a request whose `Host` names neither the bound address,
/// nor this machine (`localhost`, `127.0.0.1`, `[::1]`, any port), nor an entry of
/// ``ServerConfiguration/allowedHosts``.
///
/// A web page that rebinds its own domain name to 127.0.0.1 (DNS rebinding) reaches the server
/// with its domain in `Host`; this check stops it even though the browser sees a same-origin
/// request. `/health` is exempt (it holds nothing), so that probes by IP address work; a request
/// without `Host` (HTTP/1.0) is not from a browser and passes.
struct HostCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The host names served, normalized (``HostName``); `nil` serves every host.
    let allowed: Set<String>?

    /// Creates the check for a configuration.
    init(configuration: ServerConfiguration) {
        let listed = configuration.allowedHosts.map(HostName.normalized)
        allowed =
            listed.contains("*")
            ? nil : HostName.local.union(listed).union([HostName.normalized(configuration.host)])
    }

    func handle(
        _ request: Request,
        context: Context,
        next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let allowed, request.uri.path != "/health", let authority = request.head.authority else {
            return try await next(request, context)
        }
        let host = HostName.of(authority: authority)
        guard allowed.contains(host) else {
            return Response.json(
                DetailBody(
                    detail: "Host '\(host)' is not served here; list it in AI2AI_ALLOWED_HOSTS to allow it"
                ),
                status: .misdirectedRequest
            )
        }
        return try await next(request, context)
    }
}
