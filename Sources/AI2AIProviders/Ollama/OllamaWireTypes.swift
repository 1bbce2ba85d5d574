//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

// The `/api/chat` wire format.

/// The body of `POST /api/chat`.
struct OllamaChatRequest: Encodable {
    var model: String
    var messages: [OllamaMessage]
    var tools: [OpenAITool]?
    var stream: Bool
    var options: JSONValue?
}

/// A message in a request.
struct OllamaMessage: Encodable {
    var role: String
    var content: String
    var toolCalls: [ToolCall]?
    var toolName: String?
    var toolCallID: String?

    struct ToolCall: Encodable {
        /// The call's id, which the tool message's `tool_call_id` names (omitted when unknown).
        var id: String?
        var function: Function
        struct Function: Encodable {
            var name: String
            var arguments: JSONValue
        }
    }

    enum CodingKeys: String, CodingKey {
        case role, content
        case toolCalls = "tool_calls"
        case toolName = "tool_name"
        case toolCallID = "tool_call_id"
    }
}

/// One line of an answer (the only one when not streaming).
struct OllamaChatLine: Decodable, Equatable {
    var model: String?
    var message: Message?
    var done: Bool?
    var doneReason: String?
    var promptEvalCount: Int?
    var evalCount: Int?
    var error: JSONValue?

    struct Message: Decodable, Equatable {
        var content: String?
        var toolCalls: [ToolCall]?

        enum CodingKeys: String, CodingKey {
            case content
            case toolCalls = "tool_calls"
        }
    }

    struct ToolCall: Decodable, Equatable {
        var id: String?
        var function: Function?

        struct Function: Decodable, Equatable {
            var name: String?
            var arguments: JSONValue?
        }
    }

    enum CodingKeys: String, CodingKey {
        case model, message, done, error
        case doneReason = "done_reason"
        case promptEvalCount = "prompt_eval_count"
        case evalCount = "eval_count"
    }
}
