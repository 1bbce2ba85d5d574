//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// A model's whole answer.
public struct ModelResponse: Sendable, Hashable {
    /// The visible text (reasoning, thinking and refusals are not included).
    public var text: String
    /// The tools the model asked to run, in order.
    public var toolCalls: [ToolCall]
    /// Why the model stopped, normalised; `nil` when the provider did not say.
    public var finishReason: FinishReason?
    /// The provider's own finish reason (`end_turn`, `tool_use`, ...).
    public var nativeFinishReason: String?
    /// Tokens used, when the provider reported them.
    public var usage: Usage?
    /// The model that answered, as the provider reported it.
    public var model: String?
    /// The provider's identifier for the answer.
    public var id: String?
    /// A refusal the model gave instead of an answer (OpenAI `refusal`), kept apart from `text`.
    public var refusal: String?

    /// Creates a response.
    public init(
        text: String = "",
        toolCalls: [ToolCall] = [],
        finishReason: FinishReason? = nil,
        nativeFinishReason: String? = nil,
        usage: Usage? = nil,
        model: String? = nil,
        id: String? = nil,
        refusal: String? = nil
    ) {
        self.text = text
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.nativeFinishReason = nativeFinishReason
        self.usage = usage
        self.model = model
        self.id = id
        self.refusal = refusal
    }
}
