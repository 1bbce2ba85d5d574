//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// Small stream bodies built around JSON string literals, one provider each. Each `literal` is
/// the text between the quotes of a JSON string, escapes included (`a\ud83d`).
enum StreamBodies {
    /// An OpenAI-compatible stream whose text arrives in `literals`, then `stop` and `[DONE]`.
    static func openAIText(_ literals: [String]) -> [UInt8] {
        var body = ""
        for literal in literals {
            body += #"data: {"choices":[{"index":0,"delta":{"content":"\#(literal)"}}]}"# + "\n\n"
        }
        body += #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\ndata: [DONE]\n\n"
        return Array(body.utf8)
    }

    /// An OpenAI-compatible stream with one tool call whose argument text arrives in `literals`.
    static func openAIArguments(_ literals: [String]) -> [UInt8] {
        var body = ""
        for (offset, literal) in literals.enumerated() {
            let head = offset == 0 ? #""id":"call_1","type":"function","# : ""
            let name = offset == 0 ? #""name":"f","# : ""
            body +=
                #"data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,\#(head)"function":{\#(name)"arguments":"\#(literal)"}}]}}]}"#
                + "\n\n"
        }
        body += #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"# + "\n\ndata: [DONE]\n\n"
        return Array(body.utf8)
    }

    /// An Anthropic stream with one text block whose text arrives in `literals`.
    static func anthropicText(_ literals: [String]) -> [UInt8] {
        anthropic(
            block: #"{"type":"text","text":""}"#,
            deltas: literals.map { #"{"type":"text_delta","text":"\#($0)"}"# },
            stopReason: "end_turn"
        )
    }

    /// An Anthropic stream with one `tool_use` block whose input JSON arrives in `literals`.
    static func anthropicArguments(_ literals: [String]) -> [UInt8] {
        anthropic(
            block: #"{"type":"tool_use","id":"toolu_1","name":"f","input":{}}"#,
            deltas: literals.map { #"{"type":"input_json_delta","partial_json":"\#($0)"}"# },
            stopReason: "tool_use"
        )
    }

    private static func anthropic(block: String, deltas: [String], stopReason: String) -> [UInt8] {
        var body =
            "event: message_start\n"
            + #"data: {"type":"message_start","message":{"id":"msg_1","model":"claude","usage":{"input_tokens":1,"output_tokens":1}}}"#
            + "\n\nevent: content_block_start\n"
            + #"data: {"type":"content_block_start","index":0,"content_block":\#(block)}"# + "\n\n"
        for delta in deltas {
            body +=
                "event: content_block_delta\n"
                + #"data: {"type":"content_block_delta","index":0,"delta":\#(delta)}"# + "\n\n"
        }
        body +=
            "event: content_block_stop\n" + #"data: {"type":"content_block_stop","index":0}"# + "\n\n"
            + "event: message_delta\n"
            + #"data: {"type":"message_delta","delta":{"stop_reason":"\#(stopReason)"},"usage":{"output_tokens":2}}"#
            + "\n\nevent: message_stop\n" + #"data: {"type":"message_stop"}"# + "\n\n"
        return Array(body.utf8)
    }

    /// An Ollama NDJSON stream whose text arrives in `literals`, then a `done` line.
    static func ollamaText(_ literals: [String]) -> [UInt8] {
        var body = ""
        for literal in literals {
            body += #"{"model":"m","message":{"role":"assistant","content":"\#(literal)"},"done":false}"# + "\n"
        }
        body += #"{"model":"m","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}"# + "\n"
        return Array(body.utf8)
    }
}
