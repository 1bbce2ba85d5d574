//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

/// Turns the JSON lines of an Ollama `/api/chat` answer into ``ModelStreamEvent``s.
///
/// Text comes from `message.content` (thinking is not part of the answer); tool calls arrive
/// whole, with object arguments; the `done: true` line gives `done_reason` and the counts
/// `prompt_eval_count` / `eval_count`. A `stop` with tool calls is reported as `tool_calls`, and a
/// missing `done_reason` as `stop`. A line `{"error": "..."}` becomes an error. The same parser
/// reads a non-streamed answer, which is a single line. A UTF-16 surrogate pair cut between the
/// contents of two lines is joined; an unpaired half becomes U+FFFD.
public struct OllamaStreamParser: JSONLineParser {
    private let provider: String?
    private var toolCount = 0
    private var sentMetadata = false
    private var text = SurrogateJoiner()
    private let decoder = JSONDecoder()
    /// Whether common lines are read by ``OllamaChatLine/fastDecode(_:)`` (off only in the tests
    /// that compare it with the Codable path).
    var usesFastPath = true
    /// Whether the `done: true` line has arrived.
    public private(set) var isDone = false

    /// Creates a parser.
    /// - Parameter provider: The provider's name, for errors.
    public init(provider: String? = "ollama") {
        self.provider = provider
    }

    /// Handles one line.
    public mutating func consume(line: Data, into events: inout [ModelStreamEvent]) throws(ProviderError) {
        guard !isDone else { return }
        if usesFastPath,
            let chunk = line.withUnsafeBytes({ raw in
                raw.withMemoryRebound(to: UInt8.self) { OllamaChatLine.fastDecode($0) }
            })
        {
            try apply(chunk, surrogates: nil, into: &events)
            return
        }
        var bytes = line
        let surrogates = SurrogateRepair.repair(&bytes)
        let chunk: OllamaChatLine
        do {
            chunk = try decoder.decode(OllamaChatLine.self, from: bytes)
        } catch {
            let text = String(decoding: line, as: UTF8.self)
            throw ProviderError(
                .decoding,
                message: "Malformed stream line: \(OpenAIStreamParser.excerpt(text))",
                provider: provider
            )
        }
        try apply(chunk, surrogates: surrogates, into: &events)
    }

    private mutating func apply(
        _ chunk: OllamaChatLine,
        surrogates: SurrogateRepair?,
        into events: inout [ModelStreamEvent]
    ) throws(ProviderError) {
        if let error = chunk.error, error.isTruthy {
            flushText(into: &events)
            throw ProviderError.inStream(error, provider: provider)
        }
        if !sentMetadata, let model = chunk.model {
            sentMetadata = true
            events.append(.metadata(model: model, id: nil))
        }
        if let message = chunk.message {
            if let content = message.content {
                let joined = text.join(content, edges: surrogates?.edges(at: [.key("message"), .key("content")]))
                if !joined.isEmpty { events.append(.textDelta(joined)) }
            }
            for call in message.toolCalls ?? [] { emit(call, into: &events) }
        }
        guard chunk.done == true else { return }
        isDone = true
        flushText(into: &events)
        if chunk.promptEvalCount != nil || chunk.evalCount != nil {
            events.append(.usage(Usage(inputTokens: chunk.promptEvalCount, outputTokens: chunk.evalCount)))
        }
        let native = chunk.doneReason
        let reason: FinishReason =
            switch native {
            case nil, "stop"?: toolCount > 0 ? .toolCalls : .stop
            case "length"?: .length
            case let other?: FinishReason(rawValue: other)
            }
        events.append(.finish(reason, native: native))
    }

    private mutating func emit(_ wire: OllamaChatLine.ToolCall, into events: inout [ModelStreamEvent]) {
        let position = toolCount
        toolCount += 1
        let name = wire.function?.name ?? ""
        let arguments: JSONValue
        switch wire.function?.arguments {
        case .string(let text)?: arguments = (try? JSONValue(parsing: text)) ?? .null
        case nil, .null?: arguments = .object([:])
        case let value?: arguments = value
        }
        let text = arguments.jsonString
        events.append(.toolCallStarted(index: position, id: wire.id, name: name))
        events.append(.toolCallArgumentsDelta(index: position, fragment: text))
        events.append(
            .toolCallCompleted(
                index: position,
                call: ToolCall(id: wire.id, name: name, arguments: arguments, rawArguments: text)
            )
        )
    }

    /// Gives a surrogate half still held in the text as U+FFFD.
    private mutating func flushText(into events: inout [ModelStreamEvent]) {
        let rest = text.flush()
        if !rest.isEmpty { events.append(.textDelta(rest)) }
    }

    /// Handles the end of the body: without a `done: true` line the stream was cut short.
    public mutating func finish(into events: inout [ModelStreamEvent]) throws(ProviderError) {
        flushText(into: &events)
        guard isDone else {
            throw ProviderError(
                .streamInterrupted,
                message: "The stream ended before the provider finished the answer",
                provider: provider
            )
        }
    }
}
