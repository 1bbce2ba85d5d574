//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// Why a model call failed.
///
/// Compare by kind: `catch let error as ProviderError where error.kind == .rateLimited`.
/// The message never contains an API key.
public struct ProviderError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case authentication, permission
            case badRequest = "bad_request"
            case rateLimited = "rate_limited"
            case overloaded, server, timeout, transport, decoding, cancelled
            case notFound = "not_found"
            case streamInterrupted = "stream_interrupted"
            case configuration
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The API key is missing or wrong (401).
        public static let authentication = Kind(.authentication)
        /// The key may not do this (403).
        public static let permission = Kind(.permission)
        /// The model or endpoint does not exist (404).
        public static let notFound = Kind(.notFound)
        /// The request was refused as malformed or too large (400, 413, 422).
        public static let badRequest = Kind(.badRequest)
        /// Too many requests (429); see ProviderError/retryAfter.
        public static let rateLimited = Kind(.rateLimited)
        /// The provider is overloaded (529, or an `overloaded_error`).
        public static let overloaded = Kind(.overloaded)
        /// The provider failed (5xx, or an error event inside a stream).
        public static let server = Kind(.server)
        /// No answer in time (connect, first byte, or an idle gap in a stream).
        public static let timeout = Kind(.timeout)
        /// The connection failed or was reset.
        public static let transport = Kind(.transport)
        /// The answer could not be understood.
        public static let decoding = Kind(.decoding)
        /// A stream ended before the provider said it was done.
        public static let streamInterrupted = Kind(.streamInterrupted)
        /// The caller cancelled the request.
        public static let cancelled = Kind(.cancelled)
        /// The provider is not set up (no API key, an unknown provider prefix, a bad base URL).
        public static let configuration = Kind(.configuration)

        /// A stable snake_case name, for metrics, logs and JSON.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// The HTTP status of the provider's answer, when there was one. An error reported inside a
    /// stream or a body that answered 200 (an OpenRouter error chunk, an Anthropic `event: error`,
    /// an Ollama error line) has status 200, like in the official SDKs; its own code is in
    /// ``providerCode``.
    public var status: Int?
    /// The provider's own code for the error, as text: the error body's `code` (OpenAI
    /// `rate_limit_exceeded`, OpenRouter `502`), else its `type` (Anthropic `overloaded_error`).
    public var providerCode: String?
    /// The provider's message, or a description of the failure.
    public var message: String
    /// The provider's request identifier (`x-request-id`, `request-id`), for support requests.
    public var requestID: String?
    /// How long the provider asked to wait before retrying.
    public var retryAfter: Duration?
    /// The provider that failed (`openai`, `openrouter`, `anthropic`, `ollama`, ...).
    public var provider: String?

    /// Creates an error.
    public init(
        _ kind: Kind,
        status: Int? = nil,
        message: String,
        requestID: String? = nil,
        retryAfter: Duration? = nil,
        provider: String? = nil,
        providerCode: String? = nil
    ) {
        self.kind = kind
        self.status = status
        self.message = message
        self.requestID = requestID
        self.retryAfter = retryAfter
        self.provider = provider
        self.providerCode = providerCode
    }

    public var description: String {
        var text = "\(provider.map { "\($0) " } ?? "")\(kind)"
        switch (status, providerCode) {
        case (let status?, let code?): text += " (HTTP \(status), \(code))"
        case (let status?, nil): text += " (HTTP \(status))"
        case (nil, let code?): text += " (\(code))"
        case (nil, nil): break
        }
        text += ": \(message)"
        if let requestID { text += " [request \(requestID)]" }
        return text
    }
}

extension ProviderError.Kind {
    /// Matches an error against a kind in `catch` clauses: `catch ProviderError.Kind.rateLimited`.
    public static func ~= (kind: Self, error: any Error) -> Bool {
        (error as? ProviderError)?.kind == kind
    }
}
