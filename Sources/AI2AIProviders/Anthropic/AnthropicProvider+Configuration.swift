//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore

extension AnthropicProvider {
    /// Where and how to reach the Anthropic Messages API.
    ///
    /// ```swift
    /// let provider = AnthropicProvider(configuration: .init(apiKey: key))
    /// ```
    public struct Configuration: Sendable {
        /// The default base URL.
        public static let defaultBaseURL = "https://api.anthropic.com"

        /// The provider's name in errors and logs (default `anthropic`).
        public var name: String
        /// The API's base URL; the client appends `/v1/messages` (default `https://api.anthropic.com`).
        public var baseURL: String
        /// The API key, sent as `x-api-key`.
        public var apiKey: String?
        /// The `anthropic-version` header (default `2023-06-01`).
        public var version: String
        /// The token limit sent when a request has none; the API requires one (default 4096).
        public var defaultMaxTokens: Int
        /// Extra headers sent with every request (for example `anthropic-beta`).
        public var headers: [String: String]
        /// Connect, first-byte and idle timeouts.
        public var timeouts: ProviderTimeouts
        /// When failed requests are retried.
        public var retryPolicy: RetryPolicy
        /// Where timeouts and retry waits are measured (default ``SystemClock``); tests pass a
        /// manual clock.
        public var clock: any AI2AIClock

        /// Creates a configuration; every parameter has a default.
        public init(
            name: String = "anthropic",
            baseURL: String = defaultBaseURL,
            apiKey: String? = nil,
            version: String = "2023-06-01",
            defaultMaxTokens: Int = 4096,
            headers: [String: String] = [:],
            timeouts: ProviderTimeouts = ProviderTimeouts(),
            retryPolicy: RetryPolicy = RetryPolicy(),
            clock: any AI2AIClock = SystemClock()
        ) {
            self.name = name
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.version = version
            self.defaultMaxTokens = defaultMaxTokens
            self.headers = headers
            self.timeouts = timeouts
            self.retryPolicy = retryPolicy
            self.clock = clock
        }
    }
}
