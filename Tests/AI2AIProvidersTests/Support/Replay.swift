//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AITesting
import NIOCore

@testable import AI2AIProviders

/// What a client made of a body: its events (for streams), the response, and the error.
struct ReplayResult: Sendable {
    var events: [ModelStreamEvent] = []
    var response = ModelResponse()
    var error: ProviderError?

    var textDeltas: [String] {
        events.compactMap { if case .textDelta(let text) = $0 { text } else { nil } }
    }
}

/// Makes clients pointed at a fake server, without retries unless asked.
enum TestProviders {
    static func make(
        _ provider: String,
        baseURL: String,
        apiKey: String? = "test-key",
        retryPolicy: RetryPolicy = .none,
        timeouts: ProviderTimeouts = ProviderTimeouts(
            connect: .seconds(30),
            firstByte: .seconds(60),
            idle: .seconds(60)
        ),
        clock: any AI2AIClock = SystemClock(),
        transport: any HTTPTransport = AsyncHTTPClientTransport.forTesting
    ) -> any ModelProvider {
        switch provider {
        case "anthropic":
            AnthropicProvider(
                configuration: .init(
                    baseURL: baseURL,
                    apiKey: apiKey,
                    timeouts: timeouts,
                    retryPolicy: retryPolicy,
                    clock: clock
                ),
                transport: transport
            )
        case "ollama":
            OllamaProvider(
                configuration: .init(
                    baseURL: baseURL,
                    apiKey: apiKey,
                    timeouts: timeouts,
                    retryPolicy: retryPolicy,
                    clock: clock
                ),
                transport: transport
            )
        case "openrouter":
            OpenAICompatibleProvider(
                configuration: .init(
                    name: "openrouter",
                    baseURL: baseURL,
                    apiKey: apiKey,
                    appURL: "https://example.com/app",
                    appTitle: "AI2AI Tests",
                    timeouts: timeouts,
                    retryPolicy: retryPolicy,
                    clock: clock
                ),
                transport: transport
            )
        default:
            OpenAICompatibleProvider(
                configuration: .init(
                    name: provider,
                    baseURL: baseURL,
                    apiKey: apiKey,
                    timeouts: timeouts,
                    retryPolicy: retryPolicy,
                    clock: clock
                ),
                transport: transport
            )
        }
    }

    /// Streams a request and records every event and the error, if any.
    static func collectStream(_ provider: any ModelProvider, _ request: ModelRequest) async -> ReplayResult {
        var result = ReplayResult()
        var accumulator = ModelResponseAccumulator()
        do {
            for try await event in provider.stream(request) {
                result.events.append(event)
                accumulator.apply(event)
            }
        } catch let error as ProviderError {
            result.error = error
        } catch {
            result.error = ProviderError(.transport, message: "unexpected error type: \(error)")
        }
        result.response = accumulator.response
        return result
    }

    /// Completes a request and records the response or the error.
    static func collectComplete(_ provider: any ModelProvider, _ request: ModelRequest) async -> ReplayResult {
        var result = ReplayResult()
        do {
            result.response = try await provider.complete(request)
        } catch let error as ProviderError {
            result.error = error
        } catch {
            result.error = ProviderError(.transport, message: "unexpected error type: \(error)")
        }
        return result
    }

    /// Decodes a streamed body directly (no I/O), fed in the given pieces; with `fastPath` off,
    /// every event goes through the parsers' Codable path.
    static func decode(provider: String, pieces: [ArraySlice<UInt8>], fastPath: Bool = true) -> ReplayResult {
        switch provider {
        case "anthropic":
            var parser = AnthropicStreamParser()
            parser.usesFastPath = fastPath
            return run(SSEModelStreamDecoder(parser: parser), pieces)
        case "ollama":
            var parser = OllamaStreamParser()
            parser.usesFastPath = fastPath
            return run(NDJSONModelStreamDecoder(parser: parser), pieces)
        default:
            var parser = OpenAIStreamParser(provider: provider)
            parser.usesFastPath = fastPath
            return run(SSEModelStreamDecoder(parser: parser), pieces)
        }
    }

    private static func run(_ decoder: some ModelStreamDecoder, _ pieces: [ArraySlice<UInt8>]) -> ReplayResult {
        var decoder = decoder
        var result = ReplayResult()
        do throws(ProviderError) {
            for piece in pieces {
                try decoder.feed(ByteBuffer(bytes: piece), into: &result.events)
            }
            try decoder.finish(into: &result.events)
        } catch {
            result.error = error
        }
        var accumulator = ModelResponseAccumulator()
        for event in result.events { accumulator.apply(event) }
        result.response = accumulator.response
        return result
    }
}
