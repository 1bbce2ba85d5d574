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

/// A client of the Anthropic Messages API.
///
/// ```swift
/// let provider = AnthropicProvider(configuration: .init(apiKey: key))
/// let answer = try await provider.complete(
///     ModelRequest(model: "claude-sonnet-4-5", messages: [.system("Be brief."), .user("Hi")])
/// )
/// ```
public struct AnthropicProvider: ModelProvider {
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
            try Self.decodeMessage(body, provider: provider)
        }
    }

    /// Streams the answer as it arrives.
    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelStreamEvent, any Error> {
        engine.stream(
            building: { () throws(ProviderError) in try httpRequest(for: request, stream: true) },
            decoder: SSEModelStreamDecoder(parser: AnthropicStreamParser(provider: configuration.name))
        )
    }

    /// Decodes a complete (non-streamed) answer.
    /// - Parameters:
    ///   - body: The response body (`"type": "message"`).
    ///   - provider: The provider's name, for errors.
    /// - Returns: The answer: text blocks joined, `tool_use` blocks as tool calls.
    /// - Throws: ``ProviderError`` of kind `.decoding` for a malformed body, or the error the body reports.
    public static func decodeMessage(
        _ body: ByteBuffer,
        provider: String? = "anthropic"
    ) throws(ProviderError) -> ModelResponse {
        var bytes = Data(body.readableBytesView)
        if let json = try? JSONValue(parsing: bytes), json["type"]?.stringValue == "error", let error = json["error"] {
            throw ProviderError.inStream(error, provider: provider)
        }
        // An unpaired surrogate half in a whole answer becomes U+FFFD.
        _ = SurrogateRepair.repair(&bytes)
        let message: AnthropicMessageResponse
        do {
            message = try JSONDecoder().decode(AnthropicMessageResponse.self, from: bytes)
        } catch {
            throw ProviderError(
                .decoding,
                message: "Malformed answer: \(OpenAIStreamParser.excerpt(String(buffer: body)))",
                provider: provider
            )
        }
        var response = ModelResponse(model: message.model, id: message.id)
        for block in message.content ?? [] {
            switch block.type {
            case "text":
                response.text += block.text ?? ""
            case "tool_use":
                let input = block.input ?? .object([:])
                response.toolCalls.append(
                    ToolCall(id: block.id, name: block.name ?? "", arguments: input, rawArguments: input.jsonString)
                )
            default:
                break
            }
        }
        if let reason = message.stopReason {
            response.finishReason = .anthropic(reason)
            response.nativeFinishReason = reason
        }
        response.usage = message.usage?.usage
        return response
    }

    /// The HTTP request for a model request.
    func httpRequest(for request: ModelRequest, stream: Bool) throws(ProviderError) -> HTTPTransportRequest {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Accept", value: stream ? "text/event-stream" : "application/json")
        if let key = configuration.apiKey, !key.isEmpty { headers.add(name: "x-api-key", value: key) }
        headers.add(name: "anthropic-version", value: configuration.version)
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
            url: OpenAICompatibleProvider.endpoint(configuration.baseURL, "v1/messages"),
            headers: headers,
            body: body
        )
    }
}
