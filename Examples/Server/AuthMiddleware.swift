//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import HTTPTypes
import Hummingbird

/// Requires `Authorization: Bearer <token>` on every route but the open ones: `/health`, and the
/// console (`/` and `/console/...`), which holds no data (the console sends the token on its own
/// requests).
///
/// The token is compared in constant time and never logged.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The expected token's bytes.
    private let token: [UInt8]
    /// Paths that need no token.
    private let openPaths: Set<String>

    /// Creates the middleware.
    /// - Parameters:
    ///   - token: The bearer token clients must send.
    ///   - openPaths: Paths that need no token.
    init(token: String, openPaths: Set<String> = AuthMiddleware.defaultOpenPaths) {
        self.token = Array(token.utf8)
        self.openPaths = openPaths
    }

    /// The paths that never need a token.
    static var defaultOpenPaths: Set<String> { ["/health", "/"] }

    /// Whether a request path, or a documented path template, needs no token with the default
    /// open paths: one of them, or a console asset under ``ConsoleRoutes/prefix``.
    static func isOpen(_ path: String) -> Bool {
        defaultOpenPaths.contains(path) || path.hasPrefix(ConsoleRoutes.prefix)
    }

    func handle(
        _ request: Request,
        context: Context,
        next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        if openPaths.contains(path) || path.hasPrefix(ConsoleRoutes.prefix) {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else {
            throw Self.unauthorized("Missing bearer token")
        }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix,
            Self.constantTimeEqual(Array(header.utf8.dropFirst(prefix.utf8.count)), token)
        else {
            throw Self.unauthorized("Invalid bearer token")
        }
        return try await next(request, context)
    }

    private static func unauthorized(_ detail: String) -> APIError {
        APIError(.unauthorized, detail, headers: [.wwwAuthenticate: "Bearer"])
    }

    /// Compares without stopping at the first difference, so timing does not reveal the token.
    private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
