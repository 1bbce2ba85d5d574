//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import HTTPTypes
import Hummingbird

/// Normalizes the path before the router sees it: repeated slashes become one and a trailing
/// slash goes (`//health/` is `/health`); the query is kept. Every route, its middleware and its
/// 404 or 405 answer then see the same path whichever spelling the client used.
struct NormalizedPathResponder<Base: HTTPResponder>: HTTPResponder where Base.Context: Sendable {
    typealias Context = Base.Context

    /// The router.
    let base: Base

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        let normalized = Self.normalize(path)
        guard normalized != path else { return try await base.respond(to: request, context: context) }
        var head = request.head
        head.path = request.uri.query.map { normalized + "?" + $0 } ?? normalized
        return try await base.respond(to: Request(head: head, body: request.body), context: context)
    }

    /// `path` with runs of `/` collapsed and no trailing `/` (the root stays `/`).
    static func normalize(_ path: String) -> String {
        guard path.contains("//") || (path.count > 1 && path.hasSuffix("/")) else { return path }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return "/" + segments.joined(separator: "/")
    }
}
