//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import HTTPTypes
import Hummingbird

/// Refuses a request whose `Content-Length` is over the limit with 413 before reading it.
///
/// Bodies without a length (chunked) are limited where they are read
/// (``Hummingbird/Request/decodeJSON(_:limit:)``).
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The largest body accepted, in bytes.
    let limit: Int

    func handle(
        _ request: Request,
        context: Context,
        next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let header = request.headers[.contentLength] {
            guard let length = Int(header), length >= 0 else {
                throw APIError(.badRequest, "Invalid Content-Length header")
            }
            guard length <= limit else {
                throw APIError(.contentTooLarge, APIError.tooLarge + " (limit \(limit) bytes)")
            }
        }
        return try await next(request, context)
    }
}
