//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import Foundation
import Testing

/// The stream parsers on hand-made events, without I/O.
@Suite("Stream parsers")
struct StreamParserTests {
    private func openAI(_ payloads: [String]) -> (events: [ModelStreamEvent], error: ProviderError?) {
        var parser = OpenAIStreamParser()
        var events: [ModelStreamEvent] = []
        do throws(ProviderError) {
            for payload in payloads { try parser.consume(ServerSentEvent(data: payload), into: &events) }
            try parser.finish(into: &events)
        } catch {
            return (events, error)
        }
        return (events, nil)
    }

    private func collect(_ events: [ModelStreamEvent]) -> ModelResponse {
        var accumulator = ModelResponseAccumulator()
        for event in events { accumulator.apply(event) }
        return accumulator.response
    }

    @Test("tool-call indexes starting at 1, interleaved, are numbered in order of appearance")
    func toolIndexes() {
        let (events, error) = openAI([
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"a","function":{"name":"first","arguments":""}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":3,"id":"b","function":{"name":"second","arguments":"{\"x\""}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"y\":2}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":3,"function":{"arguments":":1}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
            "[DONE]",
        ])
        #expect(error == nil)
        #expect(events.contains(.toolCallStarted(index: 0, id: "a", name: "first")))
        #expect(events.contains(.toolCallStarted(index: 1, id: "b", name: "second")))
        let response = collect(events)
        #expect(response.toolCalls.map(\.name) == ["first", "second"])
        #expect(response.toolCalls.map(\.arguments) == [["y": 2], ["x": 1]])
        #expect(response.finishReason == .toolCalls)
    }

    @Test("only choice 0 is read; refusals stay apart; usage comes from the empty-choices chunk")
    func choicesRefusalUsage() {
        let (events, error) = openAI([
            #"{"id":"c1","model":"gpt","choices":[{"index":1,"delta":{"content":"other"}},{"index":0,"delta":{"content":"Hi"}}],"usage":null}"#,
            #"{"choices":[{"index":0,"delta":{"refusal":"I can't"}}]}"#,
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
            #"{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}"#,
            "[DONE]",
        ])
        #expect(error == nil)
        let response = collect(events)
        #expect(response.text == "Hi")
        #expect(response.refusal == "I can't")
        #expect(response.usage == Usage(inputTokens: 3, outputTokens: 4))
        #expect(response.model == "gpt")
        #expect(response.id == "c1")
    }

    @Test("a chunk with an error fails the stream after its other content; events after [DONE] are ignored")
    func midStreamError() {
        let (events, error) = openAI([
            #"{"choices":[{"index":0,"delta":{"content":"partial"}}]}"#,
            #"{"error":{"code":502,"message":"Network connection lost.","metadata":{"error_type":"provider_unavailable"}},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"#,
        ])
        #expect(collect(events).text == "partial")
        #expect(collect(events).finishReason == .error)
        #expect(error?.kind == .server)
        #expect(error?.status == 200)
        #expect(error?.providerCode == "502")
        #expect(error?.message == "Network connection lost.")

        let (after, none) = openAI([
            #"{"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"stop"}]}"#, "[DONE]", "{broken",
        ])
        #expect(none == nil)
        #expect(collect(after).text == "a")
    }

    @Test("Anthropic: thinking is not text, input_json_delta builds arguments, message_delta wins")
    func anthropic() throws {
        let events: [(String, String)] = [
            (
                "message_start",
                #"{"type":"message_start","message":{"id":"msg","model":"claude","usage":{"input_tokens":10,"output_tokens":1}}}"#
            ),
            (
                "content_block_start",
                #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}"#
            ),
            (
                "content_block_delta",
                #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}"#
            ),
            ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            ("ping", #"{"type":"ping"}"#),
            (
                "content_block_start",
                #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#
            ),
            (
                "content_block_delta",
                #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hé"}}"#
            ),
            (
                "content_block_start",
                #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"t1","name":"f","input":{}}}"#
            ),
            (
                "content_block_delta",
                #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"a\":"}}"#
            ),
            (
                "content_block_delta",
                #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"[1]}"}}"#
            ),
            ("content_block_stop", #"{"type":"content_block_stop","index":2}"#),
            (
                "message_delta",
                #"{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"input_tokens":12,"output_tokens":30}}"#
            ),
            ("message_stop", #"{"type":"message_stop"}"#),
        ]
        var parser = AnthropicStreamParser()
        var output: [ModelStreamEvent] = []
        for (name, data) in events { try parser.consume(ServerSentEvent(event: name, data: data), into: &output) }
        try parser.finish(into: &output)
        let response = collect(output)
        #expect(response.text == "Hé")
        #expect(response.toolCalls == [ToolCall(id: "t1", name: "f", argumentText: #"{"a":[1]}"#)])
        #expect(response.usage == Usage(inputTokens: 12, outputTokens: 30))
        #expect(response.finishReason == .toolCalls)
        #expect(response.nativeFinishReason == "tool_use")
    }

    @Test("Ollama: tool calls with object arguments make the reason tool_calls; error lines fail")
    func ollama() throws {
        var parser = OllamaStreamParser()
        var events: [ModelStreamEvent] = []
        try parser.consume(
            line: Data(
                #"{"model":"llama","message":{"content":"","tool_calls":[{"function":{"name":"w","arguments":{"city":"Oslo"}}}]},"done":false}"#
                    .utf8
            ),
            into: &events
        )
        try parser.consume(
            line: Data(
                #"{"model":"llama","message":{"content":""},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":6}"#
                    .utf8
            ),
            into: &events
        )
        try parser.finish(into: &events)
        let response = collect(events)
        #expect(response.toolCalls.first?.arguments == ["city": "Oslo"])
        #expect(response.toolCalls.first?.id == nil)
        #expect(response.finishReason == .toolCalls)
        #expect(response.nativeFinishReason == "stop")
        #expect(response.usage == Usage(inputTokens: 5, outputTokens: 6))

        var failing = OllamaStreamParser()
        #expect(throws: ProviderError.self) {
            try failing.consume(line: Data(#"{"error":"model crashed"}"#.utf8), into: &events)
        }
    }
}
