//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore

extension OpenAICompatibleProvider {
    /// Where and how to reach an OpenAI-compatible Chat Completions API.
    ///
    /// ```swift
    /// let openAI = OpenAICompatibleProvider.Configuration.openAI(apiKey: key)
    /// let router = OpenAICompatibleProvider.Configuration.openRouter(apiKey: key, appTitle: "My App")
    /// let local = OpenAICompatibleProvider.Configuration.compatible(baseURL: "http://127.0.0.1:8080/v1")
    /// ```
    public struct Configuration: Sendable {
        /// Which request field carries ``ModelRequest/maxTokens``.
        public struct MaxTokensField: Sendable, Hashable {
            /// The JSON key.
            public var key: String
            /// `max_tokens`: OpenRouter and most compatible servers.
            public static let maxTokens = MaxTokensField(key: "max_tokens")
            /// `max_completion_tokens`: OpenAI (required by its reasoning models).
            public static let maxCompletionTokens = MaxTokensField(key: "max_completion_tokens")
        }

        /// The provider's name in errors and logs (`openai`, `openrouter`, ...; default `openai`).
        public var name: String
        /// The API's base URL; the client appends `/chat/completions`
        /// (default `https://api.openai.com/v1`).
        public var baseURL: String
        /// The API key, sent as `Authorization: Bearer`; `nil` sends none (a local server).
        public var apiKey: String?
        /// Extra headers sent with every request.
        public var headers: [String: String]
        /// OpenRouter attribution: your app's URL, sent as `HTTP-Referer`.
        public var appURL: String?
        /// OpenRouter attribution: your app's name, sent as `X-OpenRouter-Title`.
        public var appTitle: String?
        /// The field for the token limit (default `max_tokens`).
        public var maxTokensField: MaxTokensField
        /// Whether streams ask for a final usage chunk (`stream_options.include_usage`, default true).
        public var includeStreamUsage: Bool
        /// Connect, first-byte and idle timeouts.
        public var timeouts: ProviderTimeouts
        /// When failed requests are retried.
        public var retryPolicy: RetryPolicy
        /// Where timeouts and retry waits are measured (default ``SystemClock``); tests pass a
        /// manual clock.
        public var clock: any AI2AIClock

        /// Creates a configuration; every parameter has a default.
        public init(
            name: String = "openai",
            baseURL: String = "https://api.openai.com/v1",
            apiKey: String? = nil,
            headers: [String: String] = [:],
            appURL: String? = nil,
            appTitle: String? = nil,
            maxTokensField: MaxTokensField = .maxTokens,
            includeStreamUsage: Bool = true,
            timeouts: ProviderTimeouts = ProviderTimeouts(),
            retryPolicy: RetryPolicy = RetryPolicy(),
            clock: any AI2AIClock = SystemClock()
        ) {
            self.name = name
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.headers = headers
            self.appURL = appURL
            self.appTitle = appTitle
            self.maxTokensField = maxTokensField
            self.includeStreamUsage = includeStreamUsage
            self.timeouts = timeouts
            self.retryPolicy = retryPolicy
            self.clock = clock
        }

        /// The default OpenAI base URL.
        public static let openAIBaseURL = "https://api.openai.com/v1"
        /// The default OpenRouter base URL.
        public static let openRouterBaseURL = "https://openrouter.ai/api/v1"

        /// OpenAI (`max_completion_tokens` for the token limit).
        /// - Parameters:
        ///   - apiKey: The key (`OPENAI_API_KEY`); `nil` for a compatible server that needs none.
        ///   - baseURL: The base URL (default `https://api.openai.com/v1`).
        public static func openAI(apiKey: String?, baseURL: String = openAIBaseURL) -> Configuration {
            Configuration(name: "openai", baseURL: baseURL, apiKey: apiKey, maxTokensField: .maxCompletionTokens)
        }

        /// OpenRouter, with its optional attribution headers.
        /// - Parameters:
        ///   - apiKey: The key (`OPENROUTER_API_KEY`).
        ///   - baseURL: The base URL (default `https://openrouter.ai/api/v1`).
        ///   - appURL: Sent as `HTTP-Referer`.
        ///   - appTitle: Sent as `X-OpenRouter-Title`.
        public static func openRouter(
            apiKey: String?,
            baseURL: String = openRouterBaseURL,
            appURL: String? = nil,
            appTitle: String? = nil
        ) -> Configuration {
            Configuration(name: "openrouter", baseURL: baseURL, apiKey: apiKey, appURL: appURL, appTitle: appTitle)
        }

        /// Any OpenAI-compatible server (vLLM, llama.cpp, LM Studio, Ollama's `/v1`, a proxy...).
        /// - Parameters:
        ///   - baseURL: The base URL, up to and including `/v1`.
        ///   - apiKey: The key, if the server wants one.
        ///   - name: The name used in errors and logs.
        public static func compatible(
            baseURL: String,
            apiKey: String? = nil,
            name: String = "openai-compatible"
        ) -> Configuration {
            Configuration(name: name, baseURL: baseURL, apiKey: apiKey)
        }
    }
}
