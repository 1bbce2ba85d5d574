//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// Turns the Server-Sent Events of a Messages API stream into ``ModelStreamEvent``s.
///
/// Text comes from `text_delta`s (and any text a `text` block starts with); `tool_use` blocks
/// become tool calls whose `input_json_delta` fragments are joined and parsed at
/// `content_block_stop` (empty input is `{}`); thinking and server-tool blocks are not part of
/// the answer. Usage comes from `message_start` and is replaced field by field by
/// `message_delta`. `ping` is ignored, `event: error` becomes an error, and `message_stop` ends
/// the stream. A tool call cut off by `max_tokens` (no `content_block_stop`) is completed with
/// the text it got, and `.null` arguments when that text is not JSON. A UTF-16 surrogate pair cut
/// between two deltas of a block is joined; an unpaired half becomes U+FFFD.
public struct AnthropicStreamParser: ServerSentEventParser {
    private struct Block {
        enum Kind {
            case text, toolUse, other
        }
        var kind: Kind
        var position = 0
        var id: String?
        var name = ""
        var initial: JSONValue?
        var json = ""
        var completed = false
        var joiner = SurrogateJoiner()
    }

    private let provider: String?
    private var blocks: [Int: Block] = [:]
    private var blockOrder: [Int] = []
    private var toolCount = 0
    private var stopReason: String?
    private let decoder = JSONDecoder()
    /// Whether common payloads are read by ``AnthropicStreamEvent/fastDecode(_:isValidUTF8:)`` (off only in
    /// the tests that compare it with the Codable path).
    var usesFastPath = true
    /// Whether `message_stop` has arrived.
    public private(set) var isDone = false

    /// Creates a parser.
    /// - Parameter provider: The provider's name, for errors.
    public init(provider: String? = "anthropic") {
        self.provider = provider
    }

    /// Handles one event.
    public mutating func consume(_ event: ServerSentEvent, into events: inout [ModelStreamEvent]) throws(ProviderError)
    {
        guard !isDone else { return }
        let data = event.data.trimmedForParsing
        guard !data.isEmpty else { return }
        if usesFastPath,
            let payload = data.utf8.withContiguousStorageIfAvailable({
                AnthropicStreamEvent.fastDecode($0, isValidUTF8: true)
            }) ?? nil
        {
            let type = event.event == "message" ? (payload.type ?? "") : event.event
            try apply(type: type, payload, surrogates: nil, into: &events)
            return
        }
        var bytes = Data(data.utf8)
        let surrogates = SurrogateRepair.repair(&bytes)
        let payload: AnthropicStreamEvent
        do {
            payload = try decoder.decode(AnthropicStreamEvent.self, from: bytes)
        } catch {
            if event.event == "ping" { return }
            throw ProviderError(
                .decoding,
                message: "Malformed stream event: \(OpenAIStreamParser.excerpt(data))",
                provider: provider
            )
        }
        let type = event.event == "message" ? (payload.type ?? "") : event.event
        try apply(type: type, payload, surrogates: surrogates, into: &events)
    }

    private mutating func apply(
        type: String,
        _ payload: AnthropicStreamEvent,
        surrogates: SurrogateRepair?,
        into events: inout [ModelStreamEvent]
    ) throws(ProviderError) {
        switch type {
        case "message_start":
            if let message = payload.message {
                events.append(.metadata(model: message.model, id: message.id))
                if let usage = message.usage?.usage { events.append(.usage(usage)) }
            }
        case "content_block_start":
            guard let index = payload.index, let block = payload.contentBlock else { return }
            startBlock(
                index: index,
                block,
                edges: surrogates?.edges(at: [.key("content_block"), .key("text")]),
                into: &events
            )
        case "content_block_delta":
            guard let index = payload.index, let delta = payload.delta else { return }
            let field = delta.type == "input_json_delta" ? "partial_json" : "text"
            applyDelta(index: index, delta, edges: surrogates?.edges(at: [.key("delta"), .key(field)]), into: &events)
        case "content_block_stop":
            guard let index = payload.index else { return }
            completeBlock(index: index, into: &events)
        case "message_delta":
            if let usage = payload.usage?.usage { events.append(.usage(usage)) }
            if let reason = payload.delta?.stopReason {
                stopReason = reason
                for index in blockOrder { completeBlock(index: index, into: &events) }
                events.append(.finish(.anthropic(reason), native: reason))
            }
        case "message_stop":
            for index in blockOrder { completeBlock(index: index, into: &events) }
            isDone = true
        case "error":
            for index in blockOrder where blocks[index]?.kind == .text { completeBlock(index: index, into: &events) }
            throw ProviderError.inStream(payload.error ?? .string("Unknown error event"), provider: provider)
        default:
            break  // ping, and event types added later
        }
    }

    private mutating func startBlock(
        index: Int,
        _ wire: AnthropicContentBlock,
        edges: SurrogateRepair.Edges?,
        into events: inout [ModelStreamEvent]
    ) {
        if blocks[index] == nil { blockOrder.append(index) }
        switch wire.type {
        case "text":
            var block = Block(kind: .text)
            let text = block.joiner.join(wire.text ?? "", edges: edges)
            if !text.isEmpty { events.append(.textDelta(text)) }
            blocks[index] = block
        case "tool_use":
            let block = Block(
                kind: .toolUse,
                position: toolCount,
                id: wire.id,
                name: wire.name ?? "",
                initial: wire.input
            )
            toolCount += 1
            blocks[index] = block
            events.append(.toolCallStarted(index: block.position, id: block.id, name: block.name))
        default:
            blocks[index] = Block(kind: .other)
        }
    }

    private mutating func applyDelta(
        index: Int,
        _ delta: AnthropicStreamEvent.Delta,
        edges: SurrogateRepair.Edges?,
        into events: inout [ModelStreamEvent]
    ) {
        guard var block = blocks[index], !block.completed else { return }
        switch (delta.type, block.kind) {
        case ("text_delta", .text):
            let text = block.joiner.join(delta.text ?? "", edges: edges)
            if !text.isEmpty { events.append(.textDelta(text)) }
        case ("input_json_delta", .toolUse):
            let fragment = block.joiner.join(delta.partialJSON ?? "", edges: edges)
            guard !fragment.isEmpty else { break }
            block.json += fragment
            events.append(.toolCallArgumentsDelta(index: block.position, fragment: fragment))
        default:
            return  // thinking, signatures, citations, server tools
        }
        blocks[index] = block
    }

    /// Ends a block: gives a held surrogate half as U+FFFD, and completes a tool call.
    private mutating func completeBlock(index: Int, into events: inout [ModelStreamEvent]) {
        guard var block = blocks[index], !block.completed else { return }
        let rest = block.joiner.flush()
        switch block.kind {
        case .text:
            if !rest.isEmpty { events.append(.textDelta(rest)) }
        case .toolUse:
            block.completed = true
            if !rest.isEmpty {
                block.json += rest
                events.append(.toolCallArgumentsDelta(index: block.position, fragment: rest))
            }
            let call: ToolCall
            if block.json.allSatisfy(\.isWhitespace), let initial = block.initial, case .object = initial {
                call = ToolCall(id: block.id, name: block.name, arguments: initial, rawArguments: block.json)
            } else {
                call = ToolCall(id: block.id, name: block.name, argumentText: block.json)
            }
            events.append(.toolCallCompleted(index: block.position, call: call))
        case .other:
            break
        }
        blocks[index] = block
    }

    /// Handles the end of the body: without `message_stop` and without a stop reason the stream
    /// was cut short.
    public mutating func finish(into events: inout [ModelStreamEvent]) throws(ProviderError) {
        for index in blockOrder { completeBlock(index: index, into: &events) }
        guard isDone || stopReason != nil else {
            throw ProviderError(
                .streamInterrupted,
                message: "The stream ended before the provider finished the answer",
                provider: provider
            )
        }
    }
}
