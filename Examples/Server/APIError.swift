//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import HTTPTypes
import Hummingbird

/// An error answered as `{"detail": ...}` with an HTTP status.
///
/// Handlers throw it for client mistakes; ``ErrorMiddleware`` turns every other error into one
/// with ``init(_:)``, so that a client mistake is never a 500.
struct APIError: Error, Sendable, CustomStringConvertible {
    /// The status to answer with.
    var status: HTTPResponse.Status
    /// The `detail` of the JSON body.
    var detail: String
    /// Extra response headers (`WWW-Authenticate`, `Retry-After`).
    var headers: HTTPFields

    /// Creates an error.
    init(_ status: HTTPResponse.Status, _ detail: String, headers: HTTPFields = [:]) {
        self.status = status
        self.detail = detail
        self.headers = headers
    }

    var description: String { "\(status.code) \(detail)" }

    /// A 422 naming the field and what is wrong with it.
    static func invalidField(_ field: String, _ problem: String) -> APIError {
        APIError(.unprocessableContent, "\(field): \(problem)")
    }
}

extension APIError {
    /// Maps any error to the answer a client should see.
    ///
    /// | error | status |
    /// |---|---|
    /// | `AI2AIError` `not_found` | 404 |
    /// | `AI2AIError` `invalid_argument`, `limit_exceeded` | 422 |
    /// | `AI2AIError` `invalid_transition`, `conflict`, `lease_lost` | 409 |
    /// | `ProviderError` `configuration` | 503 (the server lacks a provider setting) |
    /// | `ProviderError` `not_found`, `bad_request` | 400 (a model the provider does not know) |
    /// | `ProviderError` `rate_limited`, `overloaded` | 503 |
    /// | `ProviderError` `timeout` | 504 |
    /// | other `ProviderError` | 502 |
    /// | Hummingbird `HTTPResponseError` | its status |
    /// | anything else | 500 |
    init(_ error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as AI2AIError:
            let status = Self.status(for: error.code)
            // A storage failure is ours to log (ErrorMiddleware does), not the client's to read.
            self.init(status, status == .internalServerError ? "Internal server error (\(error.code))" : error.message)
        case let error as ProviderError:
            self.init(Self.status(for: error.kind), Self.detail(for: error))
            if let retryAfter = error.retryAfter {
                headers[.retryAfter] = "\(max(retryAfter.components.seconds, 1))"
            }
        case let error as HTTPError:
            self.init(error.status, error.body ?? error.status.reasonPhrase, headers: error.headers)
        case let error as any HTTPResponseError:
            self.init(error.status, error.status == .contentTooLarge ? Self.tooLarge : error.status.reasonPhrase)
        default:
            self.init(.internalServerError, "Internal server error")
        }
    }

    /// The detail of a 413.
    static let tooLarge = "Request body too large"

    private static func status(for code: AI2AIError.Code) -> HTTPResponse.Status {
        switch code {
        case .notFound: .notFound
        case .invalidArgument, .limitExceeded: .unprocessableContent
        case .invalidTransition, .conflict, .leaseLost: .conflict
        case .unavailable: .serviceUnavailable
        default: .internalServerError
        }
    }

    private static func status(for kind: ProviderError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .configuration, .rateLimited, .overloaded: .serviceUnavailable
        case .notFound, .badRequest: .badRequest
        case .timeout: .gatewayTimeout
        default: .badGateway
        }
    }

    private static func detail(for error: ProviderError) -> String {
        if error.kind == .configuration { return "Model provider not configured: \(error.message)" }
        return "Model provider error (\(error.kind)): \(error.message)"
    }
}
