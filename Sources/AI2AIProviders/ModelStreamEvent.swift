//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// One piece of a streamed answer.
public enum ModelStreamEvent: Sendable, Hashable {
    /// The provider named the model and the answer's identifier.
    case metadata(model: String?, id: String?)
    /// More visible text.
    case textDelta(String)
    /// More refusal text (kept apart from the visible text).
    case refusalDelta(String)
    /// A tool call began. `index` is the call's position in the answer (0-based, in order of
    /// appearance), whatever numbering the provider uses on the wire.
    case toolCallStarted(index: Int, id: String?, name: String)
    /// A fragment of a tool call's argument text.
    case toolCallArgumentsDelta(index: Int, fragment: String)
    /// A tool call is complete, with its arguments parsed.
    case toolCallCompleted(index: Int, call: ToolCall)
    /// Token counts (may arrive more than once; later values replace earlier ones field by field).
    case usage(Usage)
    /// The model stopped: the normalised reason and the provider's own.
    case finish(FinishReason, native: String?)
    /// An attempt failed before any of the answer arrived, and the client tries again after
    /// `wait`: `attempt` is the number of the attempt that failed (1 for the first), `reason` its
    /// error. Not part of the answer; sent before the wait, so a consumer can show it.
    case retrying(attempt: Int, wait: Duration, reason: String)
}

extension ModelResponse {
    /// Collects a stream into the response `complete` would have given.
    /// - Throws: The stream's error.
    public static func collect(
        _ stream: AsyncThrowingStream<ModelStreamEvent, any Error>
    ) async throws -> ModelResponse {
        var accumulator = ModelResponseAccumulator()
        for try await event in stream {
            accumulator.apply(event)
        }
        return accumulator.response
    }
}

/// Builds a ModelResponse from ModelStreamEvents, one at a time.
public struct ModelResponseAccumulator: Sendable {
    private var calls: [Int: ToolCall] = [:]
    private var partial: [Int: (id: String?, name: String, arguments: String)] = [:]
    /// The response so far.
    public private(set) var response = ModelResponse()

    /// Creates an empty accumulator.
    public init() {}

    /// Adds an event.
    public mutating func apply(_ event: ModelStreamEvent) {
        switch event {
        case .metadata(let model, let id):
            if let model { response.model = model }
            if let id { response.id = id }
        case .textDelta(let text):
            response.text += text
        case .refusalDelta(let text):
            response.refusal = (response.refusal ?? "") + text
        case .toolCallStarted(let index, let id, let name):
            partial[index] = (id, name, "")
        case .toolCallArgumentsDelta(let index, let fragment):
            partial[index, default: (nil, "", "")].arguments += fragment
        case .toolCallCompleted(let index, let call):
            partial[index] = nil
            calls[index] = call
            response.toolCalls = calls.keys.sorted().compactMap { calls[$0] }
        case .usage(let usage):
            var merged = response.usage ?? Usage()
            if let input = usage.inputTokens { merged.inputTokens = input }
            if let output = usage.outputTokens { merged.outputTokens = output }
            response.usage = merged
        case .finish(let reason, let native):
            response.finishReason = reason
            response.nativeFinishReason = native
        case .retrying:
            break
        }
    }
}
