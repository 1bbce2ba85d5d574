//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

// The Chat Completions wire format (OpenAI, OpenRouter and compatible servers).

/// The body of `POST /chat/completions`.
struct OpenAIChatRequest: Encodable {
    var model: String
    var messages: [OpenAIMessage]
    var tools: [OpenAITool]?
    var toolChoice: JSONValue?
    var maxTokens: Int?
    var maxCompletionTokens: Int?
    var temperature: Double?
    var stop: [String]?
    var stream: Bool?
    var streamOptions: StreamOptions?

    struct StreamOptions: Encodable {
        var includeUsage: Bool
        enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, tools, temperature, stop, stream
        case toolChoice = "tool_choice"
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
        case streamOptions = "stream_options"
    }
}

/// A message in a request.
struct OpenAIMessage: Encodable {
    var role: String
    /// `nil` encodes as JSON `null` (an assistant message that only calls tools).
    var content: String?
    var toolCalls: [OpenAIToolCall]?
    var toolCallID: String?

    enum CodingKeys: String, CodingKey {
        case role, content
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encode(content, forKey: .content)
        try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
        try container.encodeIfPresent(toolCallID, forKey: .toolCallID)
    }
}

/// A tool call in an assistant message of a request.
struct OpenAIToolCall: Encodable {
    var id: String
    var type = "function"
    var function: Function

    struct Function: Encodable {
        var name: String
        var arguments: String
    }
}

/// A tool offered to the model.
struct OpenAITool: Encodable {
    var type = "function"
    var function: Function

    struct Function: Encodable {
        var name: String
        var description: String
        var parameters: JSONValue
    }
}

/// A response (`chat.completion`) or a stream chunk (`chat.completion.chunk`).
struct OpenAIChatChunk: Decodable, Equatable {
    var id: String?
    var model: String?
    var choices: [Choice]?
    var usage: OpenAIUsage?
    var error: JSONValue?

    enum CodingKeys: String, CodingKey {
        case id, model, choices, usage, error
    }

    /// Lenient where compatible servers differ (a numeric id, odd usage fields); strict on choices.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try? container.decodeIfPresent(String.self, forKey: .id)
        model = try? container.decodeIfPresent(String.self, forKey: .model)
        choices = try container.decodeIfPresent([Choice].self, forKey: .choices)
        usage = try? container.decodeIfPresent(OpenAIUsage.self, forKey: .usage)
        error = try container.decodeIfPresent(JSONValue.self, forKey: .error)
    }

    struct Choice: Decodable, Equatable {
        var index: Int?
        var delta: Message?
        var message: Message?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, delta, message
            case finishReason = "finish_reason"
        }
    }

    /// A streamed `delta` or a complete `message`.
    struct Message: Decodable, Equatable {
        var content: String?
        var refusal: String?
        var toolCalls: [ToolCall]?

        enum CodingKeys: String, CodingKey {
            case content, refusal
            case toolCalls = "tool_calls"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            // Text is never dropped silently: content is text, null, or (from some compatible
            // servers) a list of parts whose text parts are kept; anything else fails the event.
            if (try? container.decodeNil(forKey: .content)) ?? true {
                content = nil
            } else if let text = try? container.decode(String.self, forKey: .content) {
                content = text
            } else {
                let parts = try container.decode([JSONValue].self, forKey: .content)
                content = parts.compactMap { $0["text"]?.stringValue }.joined()
            }
            refusal = try container.decodeIfPresent(String.self, forKey: .refusal)
            toolCalls = try container.decodeIfPresent([ToolCall].self, forKey: .toolCalls)
        }
    }

    struct ToolCall: Decodable, Equatable {
        var index: Int?
        var id: String?
        var function: Function?

        struct Function: Decodable, Equatable {
            var name: String?
            /// A JSON string on the wire; a few servers send an object instead.
            var arguments: JSONValue?

            var argumentText: String? {
                switch arguments {
                case .none, .null?: nil
                case .string(let text)?: text
                case let value?: value.jsonString
                }
            }
        }
    }
}

/// Token counts.
struct OpenAIUsage: Decodable, Equatable {
    var promptTokens: Int?
    var completionTokens: Int?

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
    }

    var usage: Usage? {
        guard promptTokens != nil || completionTokens != nil else { return nil }
        return Usage(inputTokens: promptTokens, outputTokens: completionTokens)
    }
}

extension FinishReason {
    /// Normalises a Chat Completions `finish_reason`.
    /// - Parameter raw: The value on the wire.
    /// - Returns: `stop`, `length`, `tool_calls` (also for `function_call`), `content_filter`,
    ///   `error`, or the raw value.
    public static func openAI(_ raw: String) -> FinishReason {
        switch raw {
        case "stop": .stop
        case "length": .length
        case "tool_calls", "function_call": .toolCalls
        case "content_filter": .contentFilter
        case "error": .error
        default: FinishReason(rawValue: raw)
        }
    }
}
