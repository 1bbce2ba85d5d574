//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension OpenAICompatibleProvider {
    /// The Chat Completions body for a request.
    static func wireRequest(for request: ModelRequest, stream: Bool, configuration: Configuration) -> OpenAIChatRequest
    {
        var body = OpenAIChatRequest(model: request.model, messages: request.messages.map(wireMessage))
        if !request.tools.isEmpty {
            body.tools = request.tools.map {
                OpenAITool(function: .init(name: $0.name, description: $0.description, parameters: $0.parameters))
            }
        }
        body.toolChoice = request.toolChoice.map(wireToolChoice)
        if let maxTokens = request.maxTokens {
            if configuration.maxTokensField == .maxCompletionTokens {
                body.maxCompletionTokens = maxTokens
            } else {
                body.maxTokens = maxTokens
            }
        }
        body.temperature = request.temperature
        body.stop = request.stop.isEmpty ? nil : request.stop
        if stream {
            body.stream = true
            if configuration.includeStreamUsage { body.streamOptions = .init(includeUsage: true) }
        }
        return body
    }

    private static func wireMessage(_ message: ChatMessage) -> OpenAIMessage {
        switch message.role {
        case .system:
            return OpenAIMessage(role: "system", content: message.content)
        case .user:
            return OpenAIMessage(role: "user", content: message.content)
        case .assistant:
            guard !message.toolCalls.isEmpty else { return OpenAIMessage(role: "assistant", content: message.content) }
            return OpenAIMessage(
                role: "assistant",
                content: message.content.isEmpty ? nil : message.content,
                toolCalls: message.toolCalls.enumerated().map { offset, call in
                    OpenAIToolCall(
                        id: call.id ?? "call_\(offset)",
                        function: .init(name: call.name, arguments: call.argumentsText)
                    )
                }
            )
        case .tool:
            return OpenAIMessage(role: "tool", content: message.content, toolCallID: message.toolCallID ?? "")
        }
    }

    private static func wireToolChoice(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .auto: "auto"
        case .none: "none"
        case .required: "required"
        case .tool(let name): ["type": "function", "function": ["name": .string(name)]]
        }
    }
}
