//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import NIOCore

/// Streamed answers shaped like the recorded ones in `Tests/AI2AIProvidersTests/Fixtures`: the
/// same fields, with one small text delta (a word or two) per event.
enum StreamBodies {
    /// A wire format.
    enum Wire: String, CaseIterable, Sendable {
        /// OpenAI Chat Completions SSE (`data: {chunk}` … `data: [DONE]`).
        case openAI = "OpenAI SSE"
        /// Anthropic Messages SSE (`event:` and `data:` lines, ping, message_stop).
        case anthropic = "Anthropic SSE"
        /// Ollama `/api/chat` NDJSON.
        case ollama = "Ollama NDJSON"
    }

    /// Small deltas, a few of them with multibyte characters.
    static let tokens = [
        " the", " agent", " delegates", " a", " subtask", ",", " then", " waits", " for", " its",
        " result", ".", " Café", " naïve", " résumé", " 数据", " 🚀", "\\n", " and", " completes",
    ]

    /// A body of about `bytes` bytes.
    /// - Returns: The body and how many text deltas it carries.
    static func body(_ wire: Wire, bytes: Int) -> (body: ByteBuffer, deltas: Int) {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(bytes + 4096)
        buffer.writeString(head(wire))
        var deltas = 0
        while buffer.readableBytes < bytes {
            buffer.writeString(delta(wire, tokens[deltas % tokens.count]))
            deltas += 1
        }
        buffer.writeString(tail(wire))
        return (buffer, deltas)
    }

    /// A body of exactly `deltas` text deltas.
    static func body(_ wire: Wire, deltas: Int) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString(head(wire))
        for index in 0..<deltas { buffer.writeString(delta(wire, tokens[index % tokens.count])) }
        buffer.writeString(tail(wire))
        return buffer
    }

    /// The content type a provider answers a stream with.
    static func contentType(_ wire: Wire) -> String {
        wire == .ollama ? "application/x-ndjson" : "text/event-stream"
    }

    private static let openAIPrefix =
        #"data: {"id":"chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0","object":"chat.completion.chunk","created":1770933892,"#
        + #""model":"gpt-4.1-nano-2025-04-14","service_tier":"default","system_fingerprint":"fp_de604bd877","choices":"#

    private static func head(_ wire: Wire) -> String {
        switch wire {
        case .openAI:
            openAIPrefix + #"[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"#
                + #""finish_reason":null}],"usage":null,"obfuscation":"Qup1BsQ3"}"# + "\n\n"
        case .anthropic:
            "event: message_start\n"
                + #"data: {"type":"message_start","message":{"model":"claude-sonnet-4-5-20250929","#
                + #""id":"msg_01QC4g3HwBThD4BaNtBckFDJ","type":"message","role":"assistant","content":[],"#
                + #""stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"#
                + #""cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}"# + "\n\n"
                + "event: content_block_start\n"
                + #"data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"# + "\n\n"
                + "event: ping\n" + #"data: {"type":"ping"}"# + "\n\n"
        case .ollama:
            ""
        }
    }

    private static func delta(_ wire: Wire, _ token: String) -> String {
        switch wire {
        case .openAI:
            openAIPrefix + #"[{"index":0,"delta":{"content":"\#(token)"},"logprobs":null,"finish_reason":null}],"#
                + #""usage":null,"obfuscation":"yhjoJbEF"}"# + "\n\n"
        case .anthropic:
            "event: content_block_delta\n"
                + #"data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\#(token)"}}"#
                + "\n\n"
        case .ollama:
            #"{"model":"llama3.2","created_at":"2023-08-04T08:52:19.385406455-07:00","message":{"role":"assistant","#
                + #""content":"\#(token)","images":null},"done":false}"# + "\n"
        }
    }

    private static func tail(_ wire: Wire) -> String {
        switch wire {
        case .openAI:
            openAIPrefix + #"[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}"# + "\n\n"
                + openAIPrefix + #"[],"usage":{"prompt_tokens":12,"completion_tokens":300,"total_tokens":312}}"#
                + "\n\n" + "data: [DONE]\n\n"
        case .anthropic:
            "event: content_block_stop\n" + #"data: {"type":"content_block_stop","index":0}"# + "\n\n"
                + "event: message_delta\n"
                + #"data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"#
                + #""usage":{"output_tokens":300}}"# + "\n\n"
                + "event: message_stop\n" + #"data: {"type":"message_stop"}"# + "\n\n"
        case .ollama:
            #"{"model":"llama3.2","created_at":"2023-08-04T19:22:45.499127Z","message":{"role":"assistant","#
                + #""content":""},"done":true,"done_reason":"stop","total_duration":4883583458,"#
                + #""load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"#
                + #""eval_count":282,"eval_duration":4535599000}"# + "\n"
        }
    }
}
