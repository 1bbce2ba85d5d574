//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore

extension OllamaProvider {
    /// Where and how to reach an Ollama server.
    ///
    /// ```swift
    /// let local = OllamaProvider(configuration: .init())
    /// let cloud = OllamaProvider(configuration: .init(baseURL: "https://ollama.com", apiKey: key))
    /// ```
    public struct Configuration: Sendable {
        /// The default base URL.
        public static let defaultBaseURL = "http://localhost:11434"

        /// The provider's name in errors and logs (default `ollama`).
        public var name: String
        /// The server's base URL; the client appends `/api/chat` (default `http://localhost:11434`).
        public var baseURL: String
        /// An API key for ollama.com, sent as `Authorization: Bearer`; local servers need none.
        public var apiKey: String?
        /// Extra headers sent with every request.
        public var headers: [String: String]
        /// Extra `options` sent with every request (`num_ctx`, `seed`, ...); the request's
        /// temperature, token limit and stop sequences are added to them.
        public var options: [String: JSONValue]
        /// Connect, first-byte and idle timeouts (a local model may take long to load).
        public var timeouts: ProviderTimeouts
        /// When failed requests are retried.
        public var retryPolicy: RetryPolicy
        /// Where timeouts and retry waits are measured (default ``SystemClock``); tests pass a
        /// manual clock.
        public var clock: any AI2AIClock

        /// Creates a configuration; every parameter has a default.
        public init(
            name: String = "ollama",
            baseURL: String = defaultBaseURL,
            apiKey: String? = nil,
            headers: [String: String] = [:],
            options: [String: JSONValue] = [:],
            timeouts: ProviderTimeouts = ProviderTimeouts(),
            retryPolicy: RetryPolicy = RetryPolicy(),
            clock: any AI2AIClock = SystemClock()
        ) {
            self.name = name
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.headers = headers
            self.options = options
            self.timeouts = timeouts
            self.retryPolicy = retryPolicy
            self.clock = clock
        }
    }
}
