//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation
public import Logging
public import NIOCore
import NIOHTTP1

/// A client of Ollama's `/api/chat`.
///
/// Streams are NDJSON whatever the `Content-Type` says (ollama.com labels them
/// `application/json`); `complete` sends `"stream": false`.
///
/// ```swift
/// let provider = OllamaProvider()
/// let answer = try await provider.complete(ModelRequest(model: "llama3.2", messages: [.user("Hi")]))
/// ```
public struct OllamaProvider: ModelProvider {
    /// The configuration.
    public let configuration: Configuration
    let engine: ProviderHTTPEngine

    /// Creates a client.
    /// - Parameters:
    ///   - configuration: Where and how to reach the server (default `http://localhost:11434`).
    ///   - transport: The HTTP transport (default: AsyncHTTPClient's shared client).
    ///   - logger: Where to log requests and retries (debug level; never keys).
    public init(
        configuration: Configuration = Configuration(),
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        logger: Logger = .current
    ) {
        self.configuration = configuration
        self.engine = ProviderHTTPEngine(
            provider: configuration.name,
            baseURL: configuration.baseURL,
            apiKey: configuration.apiKey,
            timeouts: configuration.timeouts,
            retryPolicy: configuration.retryPolicy,
            clock: configuration.clock,
            transport: transport,
            logger: logger
        )
    }

    /// Sends a request with `"stream": false` and waits for the whole answer.
    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let http = try httpRequest(for: request, stream: false)
        let provider = configuration.name
        return try await engine.complete(http) { body throws(ProviderError) in
            try Self.decodeChat(body, provider: provider)
        }
    }

    /// Streams the answer as it arrives (NDJSON).
    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelStreamEvent, any Error> {
        engine.stream(
            building: { () throws(ProviderError) in try httpRequest(for: request, stream: true) },
            decoder: NDJSONModelStreamDecoder(parser: OllamaStreamParser(provider: configuration.name))
        )
    }

    /// Decodes a complete answer: one JSON object, or NDJSON lines from a server that streamed anyway.
    /// - Parameters:
    ///   - body: The response body.
    ///   - provider: The provider's name, for errors.
    /// - Returns: The answer.
    /// - Throws: ``ProviderError`` of kind `.decoding` for a malformed body, or the error the body reports.
    public static func decodeChat(
        _ body: ByteBuffer,
        provider: String? = "ollama"
    ) throws(ProviderError) -> ModelResponse {
        var decoder = NDJSONModelStreamDecoder(parser: OllamaStreamParser(provider: provider))
        var events: [ModelStreamEvent] = []
        try decoder.feed(body, into: &events)
        try decoder.finish(into: &events)
        var accumulator = ModelResponseAccumulator()
        for event in events { accumulator.apply(event) }
        return accumulator.response
    }

    /// The HTTP request for a model request.
    func httpRequest(for request: ModelRequest, stream: Bool) throws(ProviderError) -> HTTPTransportRequest {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Accept", value: stream ? "application/x-ndjson" : "application/json")
        if let key = configuration.apiKey, !key.isEmpty { headers.add(name: "Authorization", value: "Bearer \(key)") }
        for (name, value) in configuration.headers.sorted(by: { $0.key < $1.key }) {
            headers.replaceOrAdd(name: name, value: value)
        }
        let body: ByteBuffer
        do {
            body = try ByteBuffer(
                bytes: ProviderJSON.encode(Self.wireRequest(for: request, stream: stream, configuration: configuration))
            )
        } catch {
            throw ProviderError(
                .badRequest,
                message: "The request cannot be encoded: \(error)",
                provider: configuration.name
            )
        }
        return HTTPTransportRequest(
            url: OpenAICompatibleProvider.endpoint(configuration.baseURL, "api/chat"),
            headers: headers,
            body: body
        )
    }

    /// The `/api/chat` body for a request.
    static func wireRequest(for request: ModelRequest, stream: Bool, configuration: Configuration) -> OllamaChatRequest
    {
        var options = configuration.options
        if let temperature = request.temperature { options["temperature"] = .number(temperature) }
        if let maxTokens = request.maxTokens { options["num_predict"] = JSONValue(maxTokens) }
        if !request.stop.isEmpty { options["stop"] = .array(request.stop.map { .string($0) }) }
        return OllamaChatRequest(
            model: request.model,
            messages: request.messages.map { message in
                OllamaMessage(
                    role: message.role.rawValue,
                    content: message.content,
                    toolCalls: message.toolCalls.isEmpty
                        ? nil
                        : message.toolCalls.map {
                            .init(id: $0.id, function: .init(name: $0.name, arguments: $0.argumentsObject))
                        },
                    toolName: message.role == .tool ? message.toolName : nil,
                    toolCallID: message.role == .tool ? message.toolCallID : nil
                )
            },
            // Ollama has no tool_choice: `.none` is honoured by sending no tools.
            tools: request.tools.isEmpty || request.toolChoice == ToolChoice.none
                ? nil
                : request.tools.map {
                    OpenAITool(function: .init(name: $0.name, description: $0.description, parameters: $0.parameters))
                },
            stream: stream,
            options: options.isEmpty ? nil : .object(options)
        )
    }
}
