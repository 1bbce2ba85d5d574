//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation
public import NIOCore
public import NIOHTTP1

extension ProviderError {
    /// The error for an HTTP error answer (status 400 and above).
    ///
    /// Reads the message from the provider's body: OpenAI and OpenRouter
    /// `{"error":{"message",...}}`, Anthropic `{"type":"error","error":{"type","message"}}`, Ollama
    /// `{"error":"..."}`; other bodies are quoted (shortened). The kind comes from the status, or
    /// from the error type when it is more precise (Anthropic `overloaded_error`).
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - headers: The response headers (request id, `retry-after`, `retry-after-ms`).
    ///   - body: The response body.
    ///   - provider: The provider's name.
    ///   - now: The current time, for a `Retry-After` given as an HTTP date.
    /// - Returns: The error.
    public static func http(
        status: Int,
        headers: HTTPHeaders,
        body: ByteBuffer,
        provider: String?,
        now: Date
    ) -> ProviderError {
        let text = String(buffer: body)
        let json = try? JSONValue(parsing: Data(text.utf8))
        let details = json.flatMap(ErrorDetails.init(json:))
        var kind = kind(forStatus: status)
        if let type = details?.type, let typed = Self.kind(forErrorType: type), typed == .overloaded {
            kind = typed
        }
        let message = details?.message ?? Self.excerpt(text, status: status)
        return ProviderError(
            kind,
            status: status,
            message: message,
            requestID: requestID(headers: headers) ?? json?["request_id"]?.stringValue,
            retryAfter: retryAfter(headers: headers, now: now),
            provider: provider,
            providerCode: details?.providerCode
        )
    }

    /// The error for an error reported inside an answer that had answered 200 (a stream's error
    /// chunk, event or line, or an error object in a 200 body).
    ///
    /// The status is the answer's, 200, for every provider; the provider's own code goes to
    /// ``ProviderError/providerCode``. The kind comes from the error's `type`
    /// (`overloaded_error`, `rate_limit_error`, `server_error`...), else its `code` (OpenRouter's
    /// HTTP-like `502`, or a name), and defaults to `.server`.
    /// - Parameters:
    ///   - error: The error object (`{"type","message"}`, `{"code","message"}`) or a string.
    ///   - provider: The provider's name.
    /// - Returns: The error.
    public static func inStream(_ error: JSONValue, provider: String?) -> ProviderError {
        let details = ErrorDetails(errorValue: error)
        var kind = details.type.flatMap { Self.kind(forErrorType: $0) }
        if let code = details.code?.intValue, code >= 400, code < 600 {
            kind = kind ?? Self.kind(forStatus: code)
        } else if let code = details.code?.stringValue {
            kind = kind ?? Self.kind(forErrorType: code)
        }
        if kind == nil, details.metadataErrorType == "provider_unavailable" { kind = .server }
        return ProviderError(
            kind ?? .server,
            status: 200,
            message: details.message ?? error.jsonString,
            provider: provider,
            providerCode: details.providerCode
        )
    }

    /// The kind for an HTTP error status.
    /// - Parameter status: A status of 400 or more.
    /// - Returns: 401 authentication, 403 permission, 404 not found, 408 and 504 timeout,
    ///   429 rate limited, 529 overloaded, other 5xx server, other 4xx bad request.
    public static func kind(forStatus status: Int) -> Kind {
        switch status {
        case 401: .authentication
        case 403: .permission
        case 404: .notFound
        case 408, 504: .timeout
        case 429: .rateLimited
        case 529: .overloaded
        case 500...599: .server
        default: .badRequest
        }
    }

    /// The kind for a provider's error type (`invalid_request_error`, `overloaded_error`, ...).
    /// - Parameter type: The type, as the provider spells it.
    /// - Returns: The kind, or `nil` for a type not known here.
    public static func kind(forErrorType type: String) -> Kind? {
        switch type.lowercased() {
        case "invalid_request_error", "request_too_large", "billing_error", "context_length_exceeded",
            "invalid_request", "bad_request":
            .badRequest
        case "authentication_error", "invalid_api_key": .authentication
        case "permission_error", "permission_denied": .permission
        case "not_found_error", "model_not_found", "not_found": .notFound
        case "rate_limit_error", "rate_limit_exceeded", "insufficient_quota", "rate_limited": .rateLimited
        case "overloaded_error", "overloaded": .overloaded
        case "timeout_error", "timeout": .timeout
        case "api_error", "server_error", "internal_error", "service_unavailable": .server
        default: nil
        }
    }

    /// The provider's request id, from `x-request-id` or `request-id`.
    static func requestID(headers: HTTPHeaders) -> String? {
        headers.first(name: "x-request-id") ?? headers.first(name: "request-id")
    }

    /// The wait the server asked for: `retry-after-ms`, else `Retry-After` in seconds or as an
    /// HTTP date.
    /// - Parameters:
    ///   - headers: The response headers.
    ///   - now: The current time, for HTTP dates (read it from the provider's clock).
    /// - Returns: The wait, or `nil` when the headers ask for none.
    public static func retryAfter(headers: HTTPHeaders, now: Date) -> Duration? {
        if let text = headers.first(name: "retry-after-ms"),
            let milliseconds = Double(text.trimmingCharacters(in: .whitespaces)),
            milliseconds.isFinite, milliseconds >= 0
        {
            return .milliseconds(min(milliseconds, Self.longestWait * 1000))
        }
        guard let text = headers.first(name: "retry-after")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 {
            return .seconds(min(seconds, Self.longestWait))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .seconds(min(max(0, date.timeIntervalSince(now)), Self.longestWait))
    }

    /// Waits are capped at a year, so an absurd header cannot overflow a `Duration`.
    private static let longestWait: Double = 365 * 24 * 3600

    /// The same error with every secret replaced by `[redacted]` in its message.
    func redacting(_ secrets: [String]) -> ProviderError {
        var copy = self
        for secret in secrets where secret.count >= 4 {
            copy.message = copy.message.replacingOccurrences(of: secret, with: "[redacted]")
        }
        return copy
    }

    private static func excerpt(_ text: String, status: Int) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "HTTP \(status) \(HTTPResponseStatus(statusCode: status).reasonPhrase)" }
        return trimmed.count > 500 ? String(trimmed.prefix(500)) + "..." : trimmed
    }
}

/// The parts of a provider's error body that matter.
private struct ErrorDetails {
    var message: String?
    var type: String?
    var code: JSONValue?
    var metadataErrorType: String?

    /// Reads a whole body: `{"error": {...}}`, `{"error": "..."}`, `{"message": ...}`, `{"detail": ...}`.
    init?(json: JSONValue) {
        if let error = json["error"] {
            self = ErrorDetails(errorValue: error)
            if type == nil, let outer = json["type"]?.stringValue, outer != "error" { type = outer }
        } else if let message = json["message"]?.stringValue {
            self.message = message
            self.type = json["type"]?.stringValue
        } else if let detail = json["detail"] {
            self.message = detail.stringValue ?? detail.jsonString
        } else {
            return nil
        }
    }

    /// The provider's own code, as text: `code` (a number or a name), else `type`.
    var providerCode: String? {
        switch code {
        case .string(let text)? where !text.isEmpty: text
        case .integer?, .bigInteger?, .number?: code?.jsonString
        default: type
        }
    }

    /// Reads the error member itself: an object with `message`, `type`, `code`, or a string.
    init(errorValue: JSONValue) {
        if let text = errorValue.stringValue {
            message = text
            return
        }
        message = errorValue["message"]?.stringValue
        type = errorValue["type"]?.stringValue
        code = errorValue["code"]
        metadataErrorType = errorValue["metadata"]?["error_type"]?.stringValue
    }
}
