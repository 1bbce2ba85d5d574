//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import AI2AITesting
import Foundation
import NIOCore
import Testing

/// Integers above 2^53 in tool arguments stay exact from the wire to the answer, through the
/// stored form of a conversation, and back into the next request.
@Suite("Exact integers in tool arguments")
struct ExactIntegerTests {
    /// Sorted keys, so that `jsonString` gives the same text.
    static let arguments =
        #"{"big":123456789012345678901234567890,"id":12345678901234567890,"low":-9223372036854775809}"#

    @Test("OpenAI-compatible streams and complete answers", arguments: [false, true])
    func openAI(stream: Bool) throws {
        let escaped = Self.arguments.replacingOccurrences(of: "\"", with: "\\\"")
        let call: ToolCall
        if stream {
            let result = TestProviders.decode(
                provider: "openrouter",
                pieces: [StreamBodies.openAIArguments([escaped])[...]]
            )
            #expect(result.error == nil)
            call = try #require(result.response.toolCalls.first)
        } else {
            let body =
                #"{"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"\#(escaped)"}}]},"finish_reason":"tool_calls"}]}"#
            call = try #require(
                OpenAICompatibleProvider.decodeCompletion(ByteBuffer(string: body)).toolCalls.first
            )
        }
        #expect(call.arguments.jsonString == Self.arguments)
        #expect(call.arguments["id"]?.jsonString == "12345678901234567890")
    }

    @Test("Anthropic tool_use input, streamed and complete", arguments: [false, true])
    func anthropic(stream: Bool) throws {
        let call: ToolCall
        if stream {
            let escaped = Self.arguments.replacingOccurrences(of: "\"", with: "\\\"")
            let result = TestProviders.decode(
                provider: "anthropic",
                pieces: [StreamBodies.anthropicArguments([escaped])[...]]
            )
            #expect(result.error == nil)
            call = try #require(result.response.toolCalls.first)
        } else {
            let body =
                #"{"id":"msg","type":"message","role":"assistant","model":"claude","content":[{"type":"tool_use","id":"t","name":"f","input":\#(Self.arguments)}],"stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":1}}"#
            call = try #require(AnthropicProvider.decodeMessage(ByteBuffer(string: body)).toolCalls.first)
        }
        #expect(call.arguments.jsonString == Self.arguments)
        #expect(call.rawArguments == Self.arguments)
    }

    @Test("Ollama object arguments")
    func ollama() throws {
        let body =
            #"{"model":"m","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":\#(Self.arguments)}}]},"done":true,"done_reason":"stop"}"#
        let call = try #require(OllamaProvider.decodeChat(ByteBuffer(string: body)).toolCalls.first)
        #expect(call.arguments.jsonString == Self.arguments)
        #expect(call.rawArguments == Self.arguments)
    }

    @Test("the stored form of a conversation (turn payloads) keeps them exact")
    func storedMessages() throws {
        let call = ToolCall(id: "c", name: "f", argumentText: Self.arguments)
        let message = ChatMessage.assistant("", toolCalls: [call])
        let data = try JSONEncoder.ai2ai.encode(message)
        #expect(String(decoding: data, as: UTF8.self).contains(#""id":12345678901234567890"#))
        let decoded = try JSONDecoder.ai2ai.decode(ChatMessage.self, from: data)
        #expect(decoded.toolCalls.first?.arguments.jsonString == Self.arguments)
        #expect(decoded == message)
    }

    @Test("requests send them exactly", arguments: ["openai", "anthropic", "ollama"])
    func requests(provider: String) async throws {
        let answer: FakeProviderResponse =
            switch provider {
            case "anthropic":
                .json(
                    #"{"type":"message","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}"#
                )
            case "ollama": .json(#"{"message":{"content":"ok"},"done":true}"#)
            default: .json(#"{"choices":[{"index":0,"message":{"content":"ok"},"finish_reason":"stop"}]}"#)
            }
        let server = try await FakeProviderServer.start(responses: [answer])
        defer { Task { try await server.shutdown() } }
        let client = TestProviders.make(provider, baseURL: server.baseURL)
        let call = ToolCall(id: "c", name: "f", arguments: try JSONValue(parsing: Self.arguments))
        _ = try await client.complete(
            ModelRequest(
                model: "m",
                messages: [
                    .user("Hi"), .assistant("", toolCalls: [call]), .tool(callID: "c", name: "f", content: "done"),
                ]
            )
        )
        let body = String(decoding: try #require(server.requests.first).body, as: UTF8.self)
        #expect(body.contains("12345678901234567890"))
        #expect(body.contains("-9223372036854775809"))
        #expect(body.contains("123456789012345678901234567890"))
    }
}
