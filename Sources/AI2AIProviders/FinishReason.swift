//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// Why a model stopped, normalised across providers.
///
/// The known reasons have static members; a provider's other reasons are kept as their raw text.
public struct FinishReason: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The normalised name (`stop`, `length`, `tool_calls`, `content_filter`, `error`, or another).
    public var rawValue: String

    /// Wraps a reason.
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The model finished its answer (OpenAI `stop`, Anthropic `end_turn` / `stop_sequence`).
    public static let stop = FinishReason(rawValue: "stop")
    /// The answer hit the token limit (OpenAI `length`, Anthropic `max_tokens`).
    public static let length = FinishReason(rawValue: "length")
    /// The model wants tools to run (OpenAI `tool_calls`, Anthropic `tool_use`).
    public static let toolCalls = FinishReason(rawValue: "tool_calls")
    /// The answer was withheld or cut by a filter (OpenAI `content_filter`, Anthropic `refusal`).
    public static let contentFilter = FinishReason(rawValue: "content_filter")
    /// The provider reported an error as the reason.
    public static let error = FinishReason(rawValue: "error")

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
