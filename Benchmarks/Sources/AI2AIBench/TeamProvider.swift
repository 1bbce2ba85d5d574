//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AITesting
import Foundation

/// An instant fake OpenAI-compatible model for a team of three (Lead, Researcher, Writer): the
/// lead delegates to both others on its first turn and completes once it has their results; the
/// others complete at once. So a session is four model calls and three tasks.
enum TeamProvider {
    /// Starts a loopback fake provider that answers as the team's model.
    static func start() async throws -> FakeProviderServer {
        try await FakeProviderServer.start { answer($0) }
    }

    /// The streamed answer to one chat-completions request.
    static func answer(_ request: FakeProviderRequest) -> FakeProviderResponse {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        let messages = body["messages"] as? [[String: Any]] ?? []
        let system = messages.first { $0["role"] as? String == "system" }?["content"] as? String ?? ""
        let hasToolResults = messages.contains { $0["role"] as? String == "tool" }
        let calls: [(String, [String: String])]
        if system.hasPrefix("You are Lead,"), !hasToolResults {
            calls = [
                ("delegate_task", ["agent": "Researcher", "title": "Facts", "description": "Find the facts"]),
                ("delegate_task", ["agent": "Writer", "title": "Draft", "description": "Write a draft"]),
            ]
        } else {
            calls = [("complete_task", ["result": "done"])]
        }
        return stream(calls)
    }

    /// A streamed OpenAI answer that calls these tools.
    private static func stream(_ calls: [(String, [String: String])]) -> FakeProviderResponse {
        var chunks: [[String: Any]] = calls.enumerated().map { index, call in
            let arguments = (try? JSONSerialization.data(withJSONObject: call.1)).map {
                String(decoding: $0, as: UTF8.self)
            }
            let toolCall: [String: Any] = [
                "index": index, "id": "call_\(index)", "type": "function",
                "function": ["name": call.0, "arguments": arguments ?? "{}"],
            ]
            return ["id": "c", "model": "bench", "choices": [["index": 0, "delta": ["tool_calls": [toolCall]]]]]
        }
        chunks.append([
            "id": "c", "model": "bench",
            "choices": [["index": 0, "delta": [String: Any](), "finish_reason": "tool_calls"]],
            "usage": ["prompt_tokens": 40, "completion_tokens": 8],
        ])
        let events = chunks.compactMap { try? JSONSerialization.data(withJSONObject: $0) }
            .map { "data: \(String(decoding: $0, as: UTF8.self))\n\n" }
        return FakeProviderResponse(
            headers: [("Content-Type", "text/event-stream")],
            body: Array((events.joined() + "data: [DONE]\n\n").utf8)
        )
    }
}
