//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// One message of a conversation sent to a model.
public struct ChatMessage: Sendable, Hashable, Codable {
    /// Who wrote a message.
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        /// Instructions for the model.
        case system
        /// The user (or, for an agent, the orchestrator speaking for the task).
        case user
        /// The model.
        case assistant
        /// The result of a tool call.
        case tool
    }

    /// Who wrote the message.
    public var role: Role
    /// The text (may be empty for an assistant message that only calls tools).
    public var content: String
    /// The tool calls of an assistant message.
    public var toolCalls: [ToolCall]
    /// For a tool message: the identifier of the call it answers.
    public var toolCallID: String?
    /// For a tool message: the name of the tool that ran.
    public var toolName: String?

    /// Creates a message.
    public init(
        role: Role,
        content: String,
        toolCalls: [ToolCall] = [],
        toolCallID: String? = nil,
        toolName: String? = nil
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.toolName = toolName
    }

    /// A system message.
    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: .system, content: content) }
    /// A user message.
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: .user, content: content) }
    /// An assistant message, with the tool calls it made.
    public static func assistant(_ content: String, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: content, toolCalls: toolCalls)
    }
    /// The result of a tool call.
    /// - Parameters:
    ///   - callID: The identifier of the call this answers.
    ///   - name: The tool's name.
    ///   - content: The result, as text.
    public static func tool(callID: String, name: String, content: String) -> ChatMessage {
        ChatMessage(role: .tool, content: content, toolCallID: callID, toolName: name)
    }

    enum CodingKeys: String, CodingKey {
        case role, content
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
        case toolName = "tool_name"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        role = try c.decode(Role.self, forKey: .role)
        content = try c.decodeIfPresent(String.self, forKey: .content) ?? ""
        toolCalls = try c.decodeIfPresent([ToolCall].self, forKey: .toolCalls) ?? []
        toolCallID = try c.decodeIfPresent(String.self, forKey: .toolCallID)
        toolName = try c.decodeIfPresent(String.self, forKey: .toolName)
    }
}
