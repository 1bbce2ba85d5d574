//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AITesting
import Foundation
import Synchronization

/// A fake OpenAI-compatible model for a team of three (Lead, Researcher, Writer) that fails a share
/// of its calls, each failure chosen by a seeded generator.
///
/// The lead delegates to both others on its first turn and completes once it has read their
/// results; the others complete at once. A faulty call answers 429 (with `Retry-After: 1`), 500 or
/// 529, resets the connection mid-stream, stalls mid-stream, or sends one malformed event before
/// an otherwise good answer.
final class FaultyTeamModel: Sendable {
    enum Fault: String, CaseIterable, Sendable {
        case rateLimited = "429"
        case serverError = "500"
        case overloaded = "529"
        case reset = "reset"
        case stall = "stall"
        case malformed = "malformed event"
    }

    private struct State {
        var generator: SplitMix64
        var calls = 0
        var faults: [Fault: Int] = [:]
    }

    private let state: Mutex<State>
    private let faultRate: Double

    /// - Parameters:
    ///   - seed: Seeds the choice of faulty calls and of their faults.
    ///   - faultRate: The share of calls that fail.
    init(seed: UInt64, faultRate: Double = 0.3) {
        self.state = Mutex(State(generator: SplitMix64(seed: seed)))
        self.faultRate = faultRate
    }

    /// How many calls were answered.
    var calls: Int { state.withLock { $0.calls } }

    /// How many calls failed, by fault.
    var faults: [Fault: Int] { state.withLock { $0.faults } }

    /// Answers one chat-completions request.
    func respond(_ request: FakeProviderRequest) -> FakeProviderResponse {
        let fault: Fault? = state.withLock { state in
            state.calls += 1
            guard Double.random(in: 0..<1, using: &state.generator) < faultRate else { return nil }
            let fault = Fault.allCases.randomElement(using: &state.generator) ?? .serverError
            state.faults[fault, default: 0] += 1
            return fault
        }
        let answer = Self.stream(toolCalls: Self.actions(for: request))
        switch fault {
        case nil: return answer
        case .rateLimited:
            return Self.error(status: 429, extraHeaders: [("Retry-After", "1")], message: "Rate limit reached")
        case .serverError: return Self.error(status: 500, message: "The server had an error")
        case .overloaded: return Self.error(status: 529, message: "Overloaded")
        case .reset:
            var response = answer
            response.resetAfter = answer.body.count / 2
            return response
        case .stall:
            var response = answer
            response.stallAfter = answer.body.count / 2
            return response
        case .malformed:
            var response = answer
            response.body =
                Array(#"data: {"id": "c", "choices": [{"index": 0, "delta": {"content": "#.utf8) + [10, 10]
                + answer.body
            return response
        }
    }

    /// The tool calls of a good answer: `(name, arguments)`.
    static func actions(for request: FakeProviderRequest) -> [(String, [String: String])] {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        let messages = body["messages"] as? [[String: Any]] ?? []
        let system = messages.first { $0["role"] as? String == "system" }?["content"] as? String ?? ""
        let hasToolResults = messages.contains { $0["role"] as? String == "tool" }
        if system.hasPrefix("You are Lead,"), !hasToolResults {
            return [
                ("post_update", ["content": "Splitting the report in two"]),
                ("delegate_task", ["agent": "Researcher", "title": "Facts", "description": "Find the facts"]),
                ("delegate_task", ["agent": "Writer", "title": "Draft", "description": "Write a draft"]),
            ]
        }
        let name = system.dropFirst("You are ".count).prefix { $0 != "," }
        return [("complete_task", ["result": "\(name) is done 🙂"])]
    }

    /// A streamed OpenAI answer that calls these tools.
    static func stream(toolCalls: [(String, [String: String])]) -> FakeProviderResponse {
        var chunks: [[String: Any]] = toolCalls.enumerated().map { index, call in
            let arguments = (try? JSONSerialization.data(withJSONObject: call.1)).map {
                String(decoding: $0, as: UTF8.self)
            }
            let toolCall: [String: Any] = [
                "index": index, "id": "call_\(index)", "type": "function",
                "function": ["name": call.0, "arguments": arguments ?? "{}"],
            ]
            return ["id": "c", "model": "gpt-fake", "choices": [["index": 0, "delta": ["tool_calls": [toolCall]]]]]
        }
        chunks.append([
            "id": "c", "model": "gpt-fake",
            "choices": [["index": 0, "delta": [String: Any](), "finish_reason": "tool_calls"]],
            "usage": ["prompt_tokens": 40, "completion_tokens": 8],
        ])
        let events = chunks.compactMap { try? JSONSerialization.data(withJSONObject: $0) }
            .map { "data: \(String(decoding: $0, as: UTF8.self))\n\n" }
        return FakeProviderResponse(
            headers: [("Content-Type", "text/event-stream")],
            body: Array((events.joined() + "data: [DONE]\n\n").utf8),
            chunking: .pieces(of: 64)
        )
    }

    static func error(status: Int, extraHeaders: [(String, String)] = [], message: String) -> FakeProviderResponse {
        FakeProviderResponse(
            status: status,
            headers: [("Content-Type", "application/json")] + extraHeaders,
            body: Array(#"{"error": {"message": "\#(message)", "type": "fake_error"}}"#.utf8)
        )
    }
}

/// A small seeded generator (SplitMix64), so that a fault run can be repeated.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
