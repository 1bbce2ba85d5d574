//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AIProviders

extension ModelResponse {
    /// A plain text answer, for scripts.
    /// - Parameters:
    ///   - text: The answer.
    ///   - usage: The token counts to report; 10 in and 5 out by default.
    public static func answer(_ text: String, usage: Usage? = Usage(inputTokens: 10, outputTokens: 5)) -> ModelResponse
    {
        ModelResponse(text: text, finishReason: .stop, usage: usage)
    }

    /// An answer calling one tool, for scripts.
    /// - Parameters:
    ///   - name: The tool.
    ///   - arguments: Its arguments.
    ///   - text: Text before the call.
    ///   - usage: The token counts to report; 10 in and 5 out by default.
    public static func calling(
        _ name: String,
        _ arguments: JSONValue,
        text: String = "",
        usage: Usage? = Usage(inputTokens: 10, outputTokens: 5)
    ) -> ModelResponse {
        calling([ToolCall(id: nil, name: name, arguments: arguments)], text: text, usage: usage)
    }

    /// An answer calling several tools, for scripts. Calls without an identifier get `call_N`.
    public static func calling(
        _ calls: [ToolCall],
        text: String = "",
        usage: Usage? = Usage(inputTokens: 10, outputTokens: 5)
    ) -> ModelResponse {
        let calls = calls.enumerated().map { index, call in
            var call = call
            if call.id == nil { call.id = "call_\(index)" }
            return call
        }
        return ModelResponse(text: text, toolCalls: calls, finishReason: .toolCalls, usage: usage)
    }
}
