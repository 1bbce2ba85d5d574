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
/// `: OPENROUTER PROCESSING` never reach it. A UTF-16 surrogate pair cut between two deltas of
/// the text, the refusal or one call's arguments is joined; an unpaired half becomes U+FFFD.
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
        var joiner = SurrogateJoiner()
    }

    private let provider: String?
    private var calls: [Int: Call] = [:]
    private var wireIndexes: [Int] = []
    private var lastFinish: String?
    private var text = SurrogateJoiner()
    private var refusal = SurrogateJoiner()
    private var sentMetadata = false
    private let decoder = JSONDecoder()
    /// Whether common chunks are read by ``OpenAIChatChunk/fastDecode(_:isValidUTF8:readsIdentity:)`` (off only in the tests
    /// that compare it with the Codable path).
    var usesFastPath = true
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
            flushText(into: &events)
            completeCalls(into: &events)
            return
        }
        guard !data.isEmpty else { return }
        if usesFastPath,
            let chunk = data.utf8.withContiguousStorageIfAvailable({
                OpenAIChatChunk.fastDecode($0, isValidUTF8: true, readsIdentity: !sentMetadata)
            }
            ) ?? nil
        {
            try apply(chunk, into: &events)
            return
        }
        var bytes = Data(data.utf8)
        let surrogates = SurrogateRepair.repair(&bytes)
        let chunk: OpenAIChatChunk
        do {
            chunk = try decoder.decode(OpenAIChatChunk.self, from: bytes)
        } catch {
            throw ProviderError(.decoding, message: "Malformed stream event: \(Self.excerpt(data))", provider: provider)
        }
        try apply(chunk, surrogates: surrogates, into: &events)
    }

    /// Applies one decoded chunk.
    /// - Parameters:
    ///   - chunk: The chunk.
    ///   - surrogates: The unpaired surrogate halves found in the chunk's text, if any.
    ///   - events: Where the events go.
    mutating func apply(
        _ chunk: OpenAIChatChunk,
        surrogates: SurrogateRepair? = nil,
        into events: inout [ModelStreamEvent]
    ) throws(ProviderError) {
        if !sentMetadata, chunk.model != nil || chunk.id != nil {
            sentMetadata = true
            events.append(.metadata(model: chunk.model, id: chunk.id))
        }
        if let position = chunk.choices?.firstIndex(where: { ($0.index ?? 0) == 0 }),
            let choice = chunk.choices?[position]
        {
            if let delta = choice.delta ?? choice.message {
                // Only needed to find the halves of a split surrogate pair (rare).
                let path: [SurrogateRepair.PathComponent] =
                    surrogates == nil
                    ? [] : [.key("choices"), .index(position), .key(choice.delta != nil ? "delta" : "message")]
                if let content = delta.content {
                    let joined = text.join(content, edges: surrogates?.edges(at: path + [.key("content")]))
                    if !joined.isEmpty { events.append(.textDelta(joined)) }
                }
                if let content = delta.refusal {
                    let joined = refusal.join(content, edges: surrogates?.edges(at: path + [.key("refusal")]))
                    if !joined.isEmpty { events.append(.refusalDelta(joined)) }
                }
                for (offset, call) in (delta.toolCalls ?? []).enumerated() {
                    let argumentsPath =
                        path + [.key("tool_calls"), .index(offset), .key("function"), .key("arguments")]
                    applyToolCall(call, edges: surrogates?.edges(at: argumentsPath), into: &events)
                }
            }
            if let reason = choice.finishReason, !reason.isEmpty, reason != lastFinish {
                lastFinish = reason
                flushText(into: &events)
                completeCalls(into: &events)
                events.append(.finish(.openAI(reason), native: reason))
            }
        }
        if let usage = chunk.usage?.usage { events.append(.usage(usage)) }
        if let error = chunk.error, error.isTruthy {
            flushText(into: &events)
            throw ProviderError.inStream(error, provider: provider)
        }
    }

    /// Gives a surrogate half still held in the text or refusal as U+FFFD.
    private mutating func flushText(into events: inout [ModelStreamEvent]) {
        let heldText = text.flush()
        if !heldText.isEmpty { events.append(.textDelta(heldText)) }
        let heldRefusal = refusal.flush()
        if !heldRefusal.isEmpty { events.append(.refusalDelta(heldRefusal)) }
    }

    private mutating func applyToolCall(
        _ delta: OpenAIChatChunk.ToolCall,
        edges: SurrogateRepair.Edges?,
        into events: inout [ModelStreamEvent]
    ) {
        let key: Int
        if let index = delta.index {
            key = index
        } else if let last = wireIndexes.last, delta.id == nil || delta.id == calls[last]?.id {
            key = last
        } else {
            key = (wireIndexes.max() ?? -1) + 1
        }
        let name = delta.function?.name ?? ""
        guard var call = calls[key] else {
            var call = Call(position: wireIndexes.count, id: delta.id, name: name, arguments: "", completed: false)
            let fragment = call.joiner.join(delta.function?.argumentText ?? "", edges: edges)
            call.arguments = fragment
            calls[key] = call
            wireIndexes.append(key)
            events.append(.toolCallStarted(index: call.position, id: call.id, name: name))
            if !fragment.isEmpty { events.append(.toolCallArgumentsDelta(index: call.position, fragment: fragment)) }
            return
        }
        if call.id == nil, let id = delta.id { call.id = id }
        if !name.isEmpty, name != call.name { call.name += name }
        let fragment = call.joiner.join(delta.function?.argumentText ?? "", edges: edges)
        if !fragment.isEmpty {
            call.arguments += fragment
            call.completed = false
            events.append(.toolCallArgumentsDelta(index: call.position, fragment: fragment))
        }
        calls[key] = call
    }

    /// Ends a complete (non-streamed) answer: held surrogate halves and open tool calls.
    mutating func completeAnswer(into events: inout [ModelStreamEvent]) {
        flushText(into: &events)
        completeCalls(into: &events)
    }

    /// Completes the tool calls still open (a complete answer, or the end of a stream).
    mutating func completeCalls(into events: inout [ModelStreamEvent]) {
        for key in wireIndexes {
            guard var call = calls[key], !call.completed else { continue }
            let rest = call.joiner.flush()
            if !rest.isEmpty {
                call.arguments += rest
                events.append(.toolCallArgumentsDelta(index: call.position, fragment: rest))
            }
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
        flushText(into: &events)
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
