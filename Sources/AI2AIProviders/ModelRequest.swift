//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// What to ask a model.
public struct ModelRequest: Sendable, Hashable {
    /// The model, as the provider names it (`gpt-4o`, `anthropic/claude-3.5-sonnet`, `llama3.2`).
    public var model: String
    /// The conversation, oldest first. System messages may appear anywhere; providers that keep the
    /// system prompt apart (Anthropic) join them.
    public var messages: [ChatMessage]
    /// Tools the model may call.
    public var tools: [ToolSpec]
    /// Whether and which tools the model must call; `nil` leaves it to the provider's default.
    public var toolChoice: ToolChoice?
    /// The most tokens the answer may have.
    public var maxTokens: Int?
    /// Sampling temperature.
    public var temperature: Double?
    /// Sequences that stop the answer.
    public var stop: [String]

    /// Creates a request.
    public init(
        model: String,
        messages: [ChatMessage],
        tools: [ToolSpec] = [],
        toolChoice: ToolChoice? = nil,
        maxTokens: Int? = nil,
        temperature: Double? = nil,
        stop: [String] = []
    ) {
        self.model = model
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.stop = stop
    }
}
