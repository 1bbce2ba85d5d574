//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import HTTPTypes
import Hummingbird
import Logging
import NIOHTTP1

/// Answers every error as JSON `{"detail": ...}` with the status ``APIError/init(_:)`` picks (405
/// with `Allow` for a known path asked with another method), and logs server-side failures
/// (status 500 and above) with the request's logger.
///
/// The exception is a body whose HTTP framing breaks while the route reads it (a malformed chunk
/// size): that is answered as Hummingbird answers a malformed head, 400 with an empty body, and
/// the connection closes, since where the next request starts is unknown.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request,
        context: Context,
        next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch is HTTPParserError {
            context.logger.debug("Malformed request framing", metadata: ["http.path": "\(request.uri.path)"])
            return Response(status: .badRequest, headers: [.connection: "close", .contentLength: "0"])
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = OpenAPIDocument.methods(servedAt: request.uri.path)
            guard !allowed.isEmpty else { return Response.json(DetailBody(detail: "Not Found"), status: .notFound) }
            return Response.json(
                DetailBody(detail: "Method Not Allowed"),
                status: .methodNotAllowed,
                headers: [.allow: allowed.joined(separator: ", ")]
            )
        } catch {
            let apiError = APIError(error)
            if apiError.status.code >= 500 {
                // The client sees a generic detail for a 500; the log keeps the error itself.
                let message = apiError.status == .internalServerError ? String(describing: error) : apiError.detail
                // A 500 is our fault; 502-504 are the model provider's or the configuration's.
                context.logger.log(
                    level: apiError.status == .internalServerError ? .error : .warning,
                    "Request failed",
                    metadata: [
                        "http.status": "\(apiError.status.code)",
                        "http.path": "\(request.uri.path)",
                        "error.type": "\(String(reflecting: type(of: error)))",
                        "error.message": "\(message)",
                    ]
                )
            }
            return Response.json(
                DetailBody(detail: apiError.detail),
                status: apiError.status,
                headers: apiError.headers
            )
        }
    }
}

/// The body of every error answer.
struct DetailBody: Codable, Sendable, Hashable {
    /// What went wrong.
    var detail: String
}
