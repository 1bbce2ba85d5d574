//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// Generated payloads: one content (JSON source of a string's inside) in the shapes providers
/// send, with the given whitespace between tokens and the members in several orders.
extension FastPathEquivalenceTests {
    /// An object from members given as JSON source.
    static func object(_ members: [(String, String)], space: String, rotation: Int = 0) -> String {
        let count = max(members.count, 1)
        let rotated = Array(members[(rotation % count)...] + members[..<(rotation % count)])
        let body = rotated.map { "\"\($0.0)\"\(space):\(space)\($0.1)" }.joined(separator: ",\(space)")
        return "{\(space)\(body)\(space)}"
    }

    static func openAIChunks(_ content: String, space: String, variant: Int) -> [String] {
        let string = "\"\(content)\""
        func chunk(_ delta: [(String, String)], finish: String = "null", created: String = "1770933892") -> String {
            let choice = object(
                [
                    ("index", "0"), ("delta", object(delta, space: space, rotation: variant)), ("logprobs", "null"),
                    ("finish_reason", finish),
                ],
                space: space,
                rotation: variant / 3
            )
            return object(
                [
                    ("id", "\"chatcmpl-1\""), ("object", "\"chat.completion.chunk\""), ("created", created),
                    ("model", "\"gpt-4.1\""), ("service_tier", "\"default\""), ("system_fingerprint", "null"),
                    ("choices", "[\(space)\(choice)\(space)]"), ("usage", "null"), ("obfuscation", "\"x\""),
                ],
                space: space,
                rotation: variant / 7
            )
        }
        return [
            chunk([("content", string)]),
            chunk([("role", "\"assistant\""), ("content", string), ("refusal", "null")]),
            chunk([("refusal", string)]),
            chunk([("reasoning", string), ("content", "null")]),
            chunk([("content", string)], finish: "\"stop\""),
            chunk([("content", string)], created: "12345678901234567890123"),
            chunk([("content", string)], created: "-1"),
            chunk([("content", string)], created: "1e3"),
            chunk([("content", "null")], finish: string),
        ]
    }

    static func anthropicPayloads(_ content: String, space: String, variant: Int) -> [String] {
        let string = "\"\(content)\""
        func payload(_ delta: [(String, String)], index: String = "0") -> String {
            object(
                [
                    ("type", "\"content_block_delta\""), ("index", index),
                    ("delta", object(delta, space: space, rotation: variant)),
                ],
                space: space,
                rotation: variant / 3
            )
        }
        return [
            payload([("type", "\"text_delta\""), ("text", string)]),
            payload([("type", "\"input_json_delta\""), ("partial_json", string)], index: "3"),
            payload([("type", "\"thinking_delta\""), ("thinking", string)]),
            payload([("type", "\"text_delta\""), ("text", string)], index: "99999999999999999999"),
            payload([("type", string), ("text", "\"x\"")]),
        ]
    }

    static func ollamaLines(_ content: String, space: String, variant: Int) -> [String] {
        let string = "\"\(content)\""
        func line(_ message: [(String, String)], done: String = "false") -> String {
            object(
                [
                    ("model", "\"llama3.2\""), ("created_at", "\"2023-08-04T08:52:19.385406455-07:00\""),
                    ("message", object(message, space: space, rotation: variant)), ("done", done),
                ],
                space: space,
                rotation: variant / 3
            )
        }
        return [
            line([("role", "\"assistant\""), ("content", string), ("images", "null")]),
            line([("role", "\"assistant\""), ("content", "\"\""), ("thinking", string)]),
            line([("content", "null")]),
            line([("content", string)], done: "true"),
            line([("role", string), ("content", "\"x\"")]),
        ]
    }

    /// A whole stream whose text deltas are `deltas`.
    static func streamBody(_ provider: String, _ deltas: [String], variant: Int) -> String {
        switch provider {
        case "anthropic":
            let start =
                "event: message_start\n"
                + #"data: {"type":"message_start","message":{"id":"msg_1","model":"claude","usage":{"input_tokens":3}}}"#
                + "\n\nevent: content_block_start\n"
                + #"data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"# + "\n\n"
            let body = deltas.enumerated().map { offset, delta in
                "event: content_block_delta\ndata: "
                    + (anthropicPayloads(delta, space: offset % 2 == 0 ? "" : " ", variant: variant + offset).first
                        ?? "")
                    + "\n\n"
            }
            return start + body.joined() + "event: content_block_stop\n"
                + #"data: {"type":"content_block_stop","index":0}"#
                + "\n\nevent: message_delta\n"
                + #"data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}"#
                + "\n\nevent: message_stop\n" + #"data: {"type":"message_stop"}"# + "\n\n"
        case "ollama":
            let body = deltas.enumerated().map { offset, delta in
                (ollamaLines(delta, space: offset % 2 == 0 ? "" : " ", variant: variant + offset).first ?? "") + "\n"
            }
            return body.joined()
                + #"{"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","#
                + #""prompt_eval_count":26,"eval_count":282}"# + "\n"
        default:
            let body = deltas.enumerated().map { offset, delta in
                "data: "
                    + (openAIChunks(delta, space: offset % 2 == 0 ? "" : " ", variant: variant + offset).first ?? "")
                    + "\n\n"
            }
            return body.joined() + #"data: {"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#
                + "\n\ndata: [DONE]\n\n"
        }
    }
}
