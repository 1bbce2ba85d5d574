//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

// The Messages API wire format.

/// The body of `POST /v1/messages`.
struct AnthropicMessagesRequest: Encodable {
    var model: String
    var maxTokens: Int
    var system: String?
    var messages: [AnthropicMessage]
    var tools: [AnthropicTool]?
    var toolChoice: JSONValue?
    var temperature: Double?
    var stopSequences: [String]?
    var stream: Bool?

    enum CodingKeys: String, CodingKey {
        case model, system, messages, tools, temperature, stream
        case maxTokens = "max_tokens"
        case toolChoice = "tool_choice"
        case stopSequences = "stop_sequences"
    }
}

/// A message: a role and content blocks.
struct AnthropicMessage: Encodable {
    var role: String
    var content: [JSONValue]
}

/// A tool offered to the model.
struct AnthropicTool: Encodable {
    var name: String
    var description: String
    var inputSchema: JSONValue

    enum CodingKeys: String, CodingKey {
        case name, description
        case inputSchema = "input_schema"
    }
}

/// A complete answer (`"type": "message"`), also the `message` of `message_start`.
struct AnthropicMessageResponse: Decodable, Equatable {
    var id: String?
    var model: String?
    var content: [AnthropicContentBlock]?
    var stopReason: String?
    var usage: AnthropicUsage?

    enum CodingKeys: String, CodingKey {
        case id, model, content, usage
        case stopReason = "stop_reason"
    }
}

/// A content block; only `text` and `tool_use` matter for the answer.
struct AnthropicContentBlock: Decodable, Equatable {
    var type: String
    var text: String?
    var id: String?
    var name: String?
    var input: JSONValue?
}

/// Token counts (`message_start.message.usage`, `message_delta.usage`).
struct AnthropicUsage: Decodable, Equatable {
    var inputTokens: Int?
    var outputTokens: Int?

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
    }

    var usage: Usage? {
        guard inputTokens != nil || outputTokens != nil else { return nil }
        return Usage(inputTokens: inputTokens, outputTokens: outputTokens)
    }
}

/// One streamed event's payload; which fields are set depends on `type`.
struct AnthropicStreamEvent: Decodable, Equatable {
    var type: String?
    var message: AnthropicMessageResponse?
    var index: Int?
    var contentBlock: AnthropicContentBlock?
    var delta: Delta?
    var usage: AnthropicUsage?
    var error: JSONValue?

    struct Delta: Decodable, Equatable {
        var type: String?
        var text: String?
        var partialJSON: String?
        var stopReason: String?

        enum CodingKeys: String, CodingKey {
            case type, text
            case partialJSON = "partial_json"
            case stopReason = "stop_reason"
        }
    }

    enum CodingKeys: String, CodingKey {
        case type, message, index, delta, usage, error
        case contentBlock = "content_block"
    }
}

extension FinishReason {
    /// Normalises an Anthropic `stop_reason`.
    /// - Parameter raw: The value on the wire.
    /// - Returns: `stop` (`end_turn`, `stop_sequence`), `length` (`max_tokens`,
    ///   `model_context_window_exceeded`), `tool_calls` (`tool_use`), `content_filter` (`refusal`),
    ///   or the raw value (`pause_turn`).
    public static func anthropic(_ raw: String) -> FinishReason {
        switch raw {
        case "end_turn", "stop_sequence": .stop
        case "max_tokens", "model_context_window_exceeded": .length
        case "tool_use": .toolCalls
        case "refusal": .contentFilter
        default: FinishReason(rawValue: raw)
        }
    }
}
