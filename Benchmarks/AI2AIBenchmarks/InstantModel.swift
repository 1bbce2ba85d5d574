//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI

/// A model that answers at once, without I/O: a lead delegates to every other agent of its session
/// on its first turn and completes when resumed; everyone else completes at once. It measures the
/// orchestrator and the store, not a model.
struct InstantModel: ModelProvider {
    func complete(_ request: ModelRequest) async throws -> ModelResponse {
        answer(request)
    }

    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelStreamEvent, any Error> {
        let response = answer(request)
        return AsyncThrowingStream { continuation in
            for (index, call) in response.toolCalls.enumerated() {
                continuation.yield(.toolCallStarted(index: index, id: call.id, name: call.name))
                continuation.yield(.toolCallCompleted(index: index, call: call))
            }
            if let usage = response.usage { continuation.yield(.usage(usage)) }
            continuation.yield(.finish(.toolCalls, native: nil))
            continuation.finish()
        }
    }

    private func answer(_ request: ModelRequest) -> ModelResponse {
        let usage = Usage(inputTokens: 1, outputTokens: 1)
        let resumed = request.messages.contains { $0.role == .user && $0.content.hasPrefix("All of your subtasks") }
        let others = request.tools.first { $0.name == AgentTools.delegateTask }?
            .parameters["properties"]?["agent"]?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if request.model == "lead", !resumed, !others.isEmpty {
            let calls = others.enumerated().map { index, name in
                ToolCall(
                    id: "call_\(index)",
                    name: AgentTools.delegateTask,
                    arguments: ["agent": .string(name), "title": "Part", "description": "Do your part"]
                )
            }
            return ModelResponse(toolCalls: calls, finishReason: .toolCalls, usage: usage)
        }
        let call = ToolCall(id: "call_0", name: AgentTools.completeTask, arguments: ["result": "done"])
        return ModelResponse(toolCalls: [call], finishReason: .toolCalls, usage: usage)
    }
}
