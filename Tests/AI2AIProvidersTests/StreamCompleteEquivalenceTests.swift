//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import AI2AITesting
import Testing

/// Collecting a stream gives the same response as `complete` for the same answer.
@Suite("Stream equals complete")
struct StreamCompleteEquivalenceTests {
    struct Pair: Sendable, CustomTestStringConvertible {
        var provider: String
        var stream: String
        var complete: String
        var testDescription: String { provider }
    }

    static let pairs: [Pair] = [
        Pair(
            provider: "openai",
            stream: """
                data: {"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":"Héllo "}}]}

                data: {"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"wörld","tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"f","arguments":"{\\"q\\":"}}]}}]}

                data: {"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"x\\"}"}},{"index":1,"id":"call_b","type":"function","function":{"name":"g","arguments":""}}]}}]}

                data: {"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

                data: {"id":"c1","model":"gpt-4o","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":7}}

                data: [DONE]


                """,
            complete: """
                {"id":"c1","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Héllo wörld","tool_calls":[{"id":"call_a","type":"function","function":{"name":"f","arguments":"{\\"q\\":\\"x\\"}"}},{"id":"call_b","type":"function","function":{"name":"g","arguments":""}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":9,"completion_tokens":7}}
                """
        ),
        Pair(
            provider: "anthropic",
            stream: """
                event: message_start
                data: {"type":"message_start","message":{"id":"m1","model":"claude","usage":{"input_tokens":9,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Héllo wörld"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t1","name":"f","input":{}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"q\\":\\"x\\"}"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":1}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":7}}

                event: message_stop
                data: {"type":"message_stop"}


                """,
            complete: """
                {"id":"m1","type":"message","model":"claude","content":[{"type":"text","text":"Héllo wörld"},{"type":"tool_use","id":"t1","name":"f","input":{"q":"x"}}],"stop_reason":"tool_use","usage":{"input_tokens":9,"output_tokens":7}}
                """
        ),
        Pair(
            provider: "ollama",
            stream: """
                {"model":"llama","message":{"role":"assistant","content":"Héllo "},"done":false}
                {"model":"llama","message":{"role":"assistant","content":"wörld","tool_calls":[{"function":{"name":"f","arguments":{"q":"x"}}}]},"done":false}
                {"model":"llama","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":9,"eval_count":7}

                """,
            complete: """
                {"model":"llama","message":{"role":"assistant","content":"Héllo wörld","tool_calls":[{"function":{"name":"f","arguments":{"q":"x"}}}]},"done":true,"done_reason":"stop","prompt_eval_count":9,"eval_count":7}
                """
        ),
    ]

    @Test("collected stream == complete", arguments: pairs)
    func equivalence(_ pair: Pair) async throws {
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(body: Array(pair.stream.utf8), chunking: .pieces(of: 3)),
            .json(pair.complete),
        ])
        defer { Task { try await server.shutdown() } }
        let base = pair.provider == "openai" ? server.baseURL + "/v1" : server.baseURL
        let client = TestProviders.make(pair.provider, baseURL: base)
        let request = ModelRequest(model: "m", messages: [.user("Hi")])
        let streamed = try await ModelResponse.collect(client.stream(request))
        let completed = try await client.complete(request)
        #expect(streamed.text == completed.text)
        #expect(streamed.text == "Héllo wörld")
        #expect(streamed.toolCalls.map { [$0.id, $0.name] } == completed.toolCalls.map { [$0.id, $0.name] })
        #expect(streamed.toolCalls.map(\.arguments) == completed.toolCalls.map(\.arguments))
        #expect(streamed.finishReason == completed.finishReason)
        #expect(streamed.finishReason == .toolCalls)
        #expect(streamed.nativeFinishReason == completed.nativeFinishReason)
        #expect(streamed.usage == completed.usage)
        #expect(streamed.usage == Usage(inputTokens: 9, outputTokens: 7))
        #expect(streamed.model == completed.model)
        #expect(streamed.id == completed.id)
    }
}
