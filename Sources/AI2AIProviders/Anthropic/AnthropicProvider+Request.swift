//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension AnthropicProvider {
    /// The Messages API body for a request: system messages joined into `system`, tool calls as
    /// `tool_use` blocks, tool results as `tool_result` blocks of a user message, and
    /// consecutive messages of one role merged.
    static func wireRequest(
        for request: ModelRequest,
        stream: Bool,
        configuration: Configuration
    ) -> AnthropicMessagesRequest {
        let system = request.messages.filter { $0.role == .system }.map(\.content).filter { !$0.isEmpty }
        var messages: [AnthropicMessage] = []
        for message in request.messages where message.role != .system {
            let (role, blocks) = wireBlocks(message)
            guard !blocks.isEmpty else { continue }
            if let last = messages.last, last.role == role {
                messages[messages.count - 1].content += blocks
            } else {
                messages.append(AnthropicMessage(role: role, content: blocks))
            }
        }
        var body = AnthropicMessagesRequest(
            model: request.model,
            maxTokens: request.maxTokens ?? configuration.defaultMaxTokens,
            system: system.isEmpty ? nil : system.joined(separator: "\n\n"),
            messages: messages
        )
        if !request.tools.isEmpty {
            body.tools = request.tools.map {
                AnthropicTool(name: $0.name, description: $0.description, inputSchema: $0.parameters)
            }
        }
        body.toolChoice = request.toolChoice.map(wireToolChoice)
        body.temperature = request.temperature
        body.stopSequences = request.stop.isEmpty ? nil : request.stop
        body.stream = stream ? true : nil
        return body
    }

    private static func wireBlocks(_ message: ChatMessage) -> (String, [JSONValue]) {
        switch message.role {
        case .system, .user:
            return ("user", message.content.isEmpty ? [] : [["type": "text", "text": .string(message.content)]])
        case .assistant:
            var blocks: [JSONValue] =
                message.content.isEmpty ? [] : [["type": "text", "text": .string(message.content)]]
            for (offset, call) in message.toolCalls.enumerated() {
                blocks.append([
                    "type": "tool_use",
                    "id": .string(call.id ?? "toolu_\(offset)"),
                    "name": .string(call.name),
                    "input": call.argumentsObject,
                ])
            }
            return ("assistant", blocks)
        case .tool:
            return (
                "user",
                [
                    [
                        "type": "tool_result", "tool_use_id": .string(message.toolCallID ?? ""),
                        "content": .string(message.content),
                    ]
                ]
            )
        }
    }

    private static func wireToolChoice(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .auto: ["type": "auto"]
        case .none: ["type": "none"]
        case .required: ["type": "any"]
        case .tool(let name): ["type": "tool", "name": .string(name)]
        }
    }
}
