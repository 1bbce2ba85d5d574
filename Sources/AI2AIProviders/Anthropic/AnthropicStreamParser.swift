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
/// the text it got, and `.null` arguments when that text is not JSON.
public struct AnthropicStreamParser: ServerSentEventParser {
    private enum Block {
        case text
        case toolUse(position: Int, id: String?, name: String, initial: JSONValue?, json: String)
        case other
    }

    private let provider: String?
    private var blocks: [Int: Block] = [:]
    private var blockOrder: [Int] = []
    private var toolCount = 0
    private var stopReason: String?
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
        let payload: AnthropicStreamEvent
        do {
            payload = try JSONDecoder().decode(AnthropicStreamEvent.self, from: Data(data.utf8))
        } catch {
            if event.event == "ping" { return }
            throw ProviderError(
                .decoding,
                message: "Malformed stream event: \(OpenAIStreamParser.excerpt(data))",
                provider: provider
            )
        }
        let type = event.event == "message" ? (payload.type ?? "") : event.event
        try apply(type: type, payload, into: &events)
    }

    private mutating func apply(
        type: String,
        _ payload: AnthropicStreamEvent,
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
            startBlock(index: index, block, into: &events)
        case "content_block_delta":
            guard let index = payload.index, let delta = payload.delta else { return }
            applyDelta(index: index, delta, into: &events)
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
            throw ProviderError.inStream(payload.error ?? .string("Unknown error event"), provider: provider)
        default:
            break  // ping, and event types added later
        }
    }

    private mutating func startBlock(index: Int, _ block: AnthropicContentBlock, into events: inout [ModelStreamEvent])
    {
        if blocks[index] == nil { blockOrder.append(index) }
        switch block.type {
        case "text":
            blocks[index] = .text
            if let text = block.text, !text.isEmpty { events.append(.textDelta(text)) }
        case "tool_use":
            let position = toolCount
            toolCount += 1
            let name = block.name ?? ""
            blocks[index] = .toolUse(position: position, id: block.id, name: name, initial: block.input, json: "")
            events.append(.toolCallStarted(index: position, id: block.id, name: name))
        default:
            blocks[index] = .other
        }
    }

    private mutating func applyDelta(
        index: Int,
        _ delta: AnthropicStreamEvent.Delta,
        into events: inout [ModelStreamEvent]
    ) {
        switch (delta.type, blocks[index]) {
        case ("text_delta", .text?):
            if let text = delta.text, !text.isEmpty { events.append(.textDelta(text)) }
        case ("input_json_delta", .toolUse(let position, let id, let name, let initial, let json)?):
            guard let fragment = delta.partialJSON, !fragment.isEmpty else { return }
            blocks[index] = .toolUse(position: position, id: id, name: name, initial: initial, json: json + fragment)
            events.append(.toolCallArgumentsDelta(index: position, fragment: fragment))
        default:
            break  // thinking, signatures, citations, server tools
        }
    }

    private mutating func completeBlock(index: Int, into events: inout [ModelStreamEvent]) {
        guard case .toolUse(let position, let id, let name, let initial, let json)? = blocks[index] else { return }
        blocks[index] = .other
        let call: ToolCall
        if json.allSatisfy(\.isWhitespace), let initial, case .object = initial {
            call = ToolCall(id: id, name: name, arguments: initial, rawArguments: json)
        } else {
            call = ToolCall(id: id, name: name, argumentText: json)
        }
        events.append(.toolCallCompleted(index: position, call: call))
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
