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

/// A client of the Chat Completions API: OpenAI, OpenRouter, and any compatible server.
///
/// ```swift
/// let provider = OpenAICompatibleProvider(configuration: .openRouter(apiKey: key))
/// for try await event in provider.stream(ModelRequest(model: "openai/gpt-4o", messages: [.user("Hi")])) {
///     if case .textDelta(let text) = event { print(text, terminator: "") }
/// }
/// ```
public struct OpenAICompatibleProvider: ModelProvider {
    /// The configuration.
    public let configuration: Configuration
    let engine: ProviderHTTPEngine

    /// Creates a client.
    /// - Parameters:
    ///   - configuration: Where and how to reach the API.
    ///   - transport: The HTTP transport (default: AsyncHTTPClient's shared client).
    ///   - logger: Where to log requests and retries (debug level; never keys).
    public init(
        configuration: Configuration,
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

    /// Sends a request and waits for the whole answer.
    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let http = try httpRequest(for: request, stream: false)
        let provider = configuration.name
        return try await engine.complete(http) { body throws(ProviderError) in
            try Self.decodeCompletion(body, provider: provider)
        }
    }

    /// Streams the answer as it arrives.
    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelStreamEvent, any Error> {
        engine.stream(
            building: { () throws(ProviderError) in try httpRequest(for: request, stream: true) },
            decoder: SSEModelStreamDecoder(parser: OpenAIStreamParser(provider: configuration.name))
        )
    }

    /// Decodes a complete (non-streamed) answer.
    /// - Parameters:
    ///   - body: The response body.
    ///   - provider: The provider's name, for errors.
    /// - Returns: The answer.
    /// - Throws: ``ProviderError`` of kind `.decoding` for a malformed body, or the error the
    ///   body reports.
    public static func decodeCompletion(
        _ body: ByteBuffer,
        provider: String? = "openai"
    ) throws(ProviderError) -> ModelResponse {
        var bytes = Data(body.readableBytesView)
        let surrogates = SurrogateRepair.repair(&bytes)
        let chunk: OpenAIChatChunk
        do {
            chunk = try JSONDecoder().decode(OpenAIChatChunk.self, from: bytes)
        } catch {
            throw ProviderError(
                .decoding,
                message: "Malformed answer: \(OpenAIStreamParser.excerpt(String(buffer: body)))",
                provider: provider
            )
        }
        var parser = OpenAIStreamParser(provider: provider)
        var events: [ModelStreamEvent] = []
        try parser.apply(chunk, surrogates: surrogates, into: &events)
        parser.completeAnswer(into: &events)
        var accumulator = ModelResponseAccumulator()
        for event in events { accumulator.apply(event) }
        return accumulator.response
    }

    /// The HTTP request for a model request.
    func httpRequest(for request: ModelRequest, stream: Bool) throws(ProviderError) -> HTTPTransportRequest {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Accept", value: stream ? "text/event-stream" : "application/json")
        if let key = configuration.apiKey, !key.isEmpty { headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let appURL = configuration.appURL { headers.add(name: "HTTP-Referer", value: appURL) }
        if let appTitle = configuration.appTitle { headers.add(name: "X-OpenRouter-Title", value: appTitle) }
        for (name, value) in configuration.headers.sorted(by: { $0.key < $1.key }) {
            headers.replaceOrAdd(name: name, value: value)
        }
        let body = try encodeBody(Self.wireRequest(for: request, stream: stream, configuration: configuration))
        return HTTPTransportRequest(
            url: Self.endpoint(configuration.baseURL, "chat/completions"),
            headers: headers,
            body: body
        )
    }

    private func encodeBody(_ body: some Encodable) throws(ProviderError) -> ByteBuffer {
        do {
            return try ByteBuffer(bytes: ProviderJSON.encode(body))
        } catch {
            throw ProviderError(
                .badRequest,
                message: "The request cannot be encoded: \(error)",
                provider: configuration.name
            )
        }
    }

    /// Joins a base URL and a path with exactly one slash.
    static func endpoint(_ base: String, _ path: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/" + path
    }
}
