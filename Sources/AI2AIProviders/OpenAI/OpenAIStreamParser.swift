//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// Turns the Server-Sent Events of a Chat Completions stream into ``ModelStreamEvent``s.
///
/// It reads only choice 0 (other choices of an `n > 1` request are ignored), keeps refusals
/// apart from text, keys tool-call fragments by their wire `index` (which may start at 1) and
/// numbers the calls 0, 1, ... in order of appearance, reads usage from any chunk (including the
/// final one with empty `choices`), turns a chunk with a top-level `error` into an error (after
/// the rest of that chunk), and stops at `data: [DONE]`. Comment lines such as OpenRouter's
/// `: OPENROUTER PROCESSING` never reach it.
///
/// ```swift
/// var parser = OpenAIStreamParser()
/// var events: [ModelStreamEvent] = []
/// try parser.consume(ServerSentEvent(data: #"{"choices":[{"index":0,"delta":{"content":"Hi"}}]}"#), into: &events)
/// ```
public struct OpenAIStreamParser: ServerSentEventParser {
    private struct Call {
        var position: Int
        var id: String?
        var name: String
        var arguments: String
        var completed: Bool
    }

    private let provider: String?
    private var calls: [Int: Call] = [:]
    private var wireIndexes: [Int] = []
    private var lastFinish: String?
    private var sentMetadata = false
    /// Whether `data: [DONE]` has arrived.
    public private(set) var isDone = false

    /// Creates a parser.
    /// - Parameter provider: The provider's name, for errors.
    public init(provider: String? = "openai") {
        self.provider = provider
    }

    /// Handles one event.
    public mutating func consume(_ event: ServerSentEvent, into events: inout [ModelStreamEvent]) throws(ProviderError)
    {
        guard !isDone else { return }
        let data = event.data.trimmedForParsing
        if data == "[DONE]" {
            isDone = true
            completeCalls(into: &events)
            return
        }
        guard !data.isEmpty else { return }
        let chunk: OpenAIChatChunk
        do {
            chunk = try JSONDecoder().decode(OpenAIChatChunk.self, from: Data(data.utf8))
        } catch {
            throw ProviderError(.decoding, message: "Malformed stream event: \(Self.excerpt(data))", provider: provider)
        }
        try apply(chunk, into: &events)
    }

    /// Applies one decoded chunk.
    mutating func apply(_ chunk: OpenAIChatChunk, into events: inout [ModelStreamEvent]) throws(ProviderError) {
        if !sentMetadata, chunk.model != nil || chunk.id != nil {
            sentMetadata = true
            events.append(.metadata(model: chunk.model, id: chunk.id))
        }
        if let choice = chunk.choices?.first(where: { ($0.index ?? 0) == 0 }) {
            if let delta = choice.delta ?? choice.message {
                if let text = delta.content, !text.isEmpty { events.append(.textDelta(text)) }
                if let refusal = delta.refusal, !refusal.isEmpty { events.append(.refusalDelta(refusal)) }
                for call in delta.toolCalls ?? [] { applyToolCall(call, into: &events) }
            }
            if let reason = choice.finishReason, !reason.isEmpty, reason != lastFinish {
                lastFinish = reason
                completeCalls(into: &events)
                events.append(.finish(.openAI(reason), native: reason))
            }
        }
        if let usage = chunk.usage?.usage { events.append(.usage(usage)) }
        if let error = chunk.error, error.isTruthy {
            throw ProviderError.inStream(error, provider: provider)
        }
    }

    private mutating func applyToolCall(_ delta: OpenAIChatChunk.ToolCall, into events: inout [ModelStreamEvent]) {
        let key: Int
        if let index = delta.index {
            key = index
        } else if let last = wireIndexes.last, delta.id == nil || delta.id == calls[last]?.id {
            key = last
        } else {
            key = (wireIndexes.max() ?? -1) + 1
        }
        let name = delta.function?.name ?? ""
        let fragment = delta.function?.argumentText ?? ""
        guard var call = calls[key] else {
            let call = Call(
                position: wireIndexes.count,
                id: delta.id,
                name: name,
                arguments: fragment,
                completed: false
            )
            calls[key] = call
            wireIndexes.append(key)
            events.append(.toolCallStarted(index: call.position, id: call.id, name: name))
            if !fragment.isEmpty { events.append(.toolCallArgumentsDelta(index: call.position, fragment: fragment)) }
            return
        }
        if call.id == nil, let id = delta.id { call.id = id }
        if !name.isEmpty, name != call.name { call.name += name }
        if !fragment.isEmpty {
            call.arguments += fragment
            call.completed = false
            events.append(.toolCallArgumentsDelta(index: call.position, fragment: fragment))
        }
        calls[key] = call
    }

    /// Completes the tool calls still open (a complete answer, or the end of a stream).
    mutating func completeCalls(into events: inout [ModelStreamEvent]) {
        for key in wireIndexes {
            guard var call = calls[key], !call.completed else { continue }
            call.completed = true
            calls[key] = call
            events.append(
                .toolCallCompleted(
                    index: call.position,
                    call: ToolCall(id: call.id, name: call.name, argumentText: call.arguments)
                )
            )
        }
    }

    /// Handles the end of the body: without `[DONE]` and without a finish reason the stream was
    /// cut short.
    public mutating func finish(into events: inout [ModelStreamEvent]) throws(ProviderError) {
        completeCalls(into: &events)
        guard isDone || lastFinish != nil else {
            throw ProviderError(
                .streamInterrupted,
                message: "The stream ended before the provider finished the answer",
                provider: provider
            )
        }
    }

    static func excerpt(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(200)) + "..." : text
    }
}
