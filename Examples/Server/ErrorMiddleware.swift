//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import HTTPTypes
import Hummingbird
import Logging

/// Answers every error as JSON `{"detail": ...}` with the status ``APIError/init(_:)`` picks, and
/// logs server-side failures (status 500 and above) with the request's logger.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError(error)
            if apiError.status.code >= 500 {
                // A 500 is our fault; 502-504 are the model provider's or the configuration's.
                context.logger.log(
                    level: apiError.status == .internalServerError ? .error : .warning,
                    "Request failed",
                    metadata: [
                        "http.status": "\(apiError.status.code)",
                        "http.path": "\(request.uri.path)",
                        "error.type": "\(String(reflecting: type(of: error)))",
                        "error.message": "\(apiError.detail)",
                    ]
                )
            }
            return Response.json(DetailBody(detail: apiError.detail), status: apiError.status, headers: apiError.headers)
        }
    }
}

/// The body of every error answer.
struct DetailBody: Codable, Sendable, Hashable {
    /// What went wrong.
    var detail: String
}
