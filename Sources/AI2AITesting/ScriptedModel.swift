//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AIProviders
import Synchronization

/// A deterministic ``ModelProvider`` for tests: it answers from a script (a queue of responses and
/// errors) or from a closure, streams each answer as events, and records every request it got.
///
/// ```swift
/// let model = ScriptedModel([
///     .fail(ProviderError(.rateLimited, status: 429, message: "slow down")),
///     .respond(.calling("complete_task", ["result": "done"])),
/// ])
/// var registry = ModelRegistry(defaultProvider: "scripted")
/// registry.register("scripted", model)
/// // ... run agents ...
/// #expect(model.requests.count == 2)
/// ```
///
/// Streaming splits the text into deltas of ``chunkSize`` characters and each tool call into a
/// start, two argument fragments and a completion, so that `ModelResponse.collect` gives back the
/// scripted response. When the script runs out, calls throw ``ScriptExhausted``.
public final class ScriptedModel: ModelProvider {
    /// One scripted answer.
    public enum Step: Sendable {
        /// Answer with this response.
        case respond(ModelResponse)
        /// Fail with this error (for example a ``ProviderError``).
        case fail(any Error)
    }

    /// Answers a request (the closure form of a script).
    public typealias Handler = @Sendable (ModelRequest) async throws -> ModelResponse

    /// Thrown when a scripted model is called after its last step.
    public struct ScriptExhausted: Error, Sendable, CustomStringConvertible {
        /// The 1-based number of the call that found the script empty.
        public var callNumber: Int

        /// Says which call found the script empty.
        public var description: String { "ScriptedModel: no scripted step left for call \(callNumber)" }
    }

    private struct State {
        var steps: [Step]
        var requests: [ModelRequest] = []
    }

    private let state: Mutex<State>
    private let handler: Handler?
    /// How many characters each streamed text delta has.
    public let chunkSize: Int

    /// Creates a model that answers from a script, in order.
    /// - Parameters:
    ///   - steps: The answers, first call first.
    ///   - chunkSize: Characters per streamed text delta (at least 1). Default 8.
    public init(_ steps: [Step] = [], chunkSize: Int = 8) {
        self.state = Mutex(State(steps: steps))
        self.handler = nil
        self.chunkSize = max(chunkSize, 1)
    }

    /// Creates a model that answers with a closure.
    /// - Parameters:
    ///   - chunkSize: Characters per streamed text delta (at least 1). Default 8.
    ///   - handler: Called for every request; its error is the call's error.
    public init(chunkSize: Int = 8, handler: @escaping Handler) {
        self.state = Mutex(State(steps: []))
        self.handler = handler
        self.chunkSize = max(chunkSize, 1)
    }

    /// Adds steps at the end of the script.
    public func enqueue(_ steps: Step...) {
        state.withLock { $0.steps += steps }
    }

    /// The requests received so far, oldest first.
    public var requests: [ModelRequest] { state.withLock { $0.requests } }

    /// How many scripted steps are left.
    public var remainingSteps: Int { state.withLock { $0.steps.count } }

    /// Records the request and answers with the next scripted step (or the handler).
    /// - Throws: The scripted error, the handler's error, or ``ScriptExhausted``.
    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let (step, callNumber) = state.withLock { state in
            state.requests.append(request)
            return (state.steps.isEmpty ? nil : state.steps.removeFirst(), state.requests.count)
        }
        let response: ModelResponse
        if let handler {
            response = try await handler(request)
        } else {
            switch step {
            case .respond(let scripted)?: response = scripted
            case .fail(let error)?: throw error
            case nil: throw ScriptExhausted(callNumber: callNumber)
            }
        }
        return Self.normalized(response)
    }

    /// Answers like ``complete(_:)`` when iteration starts, then delivers the answer as the events of
    /// ``events(for:chunkSize:)``; a failure is the stream's error.
    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelStreamEvent, any Error> {
        let pending = Mutex<[ModelStreamEvent]?>(nil)
        let chunkSize = chunkSize
        return AsyncThrowingStream {
            if pending.withLock({ $0 == nil }) {
                let response = try await self.complete(request)
                let events = Self.events(for: response, chunkSize: chunkSize)
                pending.withLock { $0 = events }
            }
            return pending.withLock { events in
                events?.isEmpty == false ? events?.removeFirst() : nil
            }
        }
    }

    /// The stream events that carry a response, as ``stream(_:)`` sends them.
    /// - Parameters:
    ///   - response: The answer.
    ///   - chunkSize: Characters per text delta.
    /// - Returns: The events; collecting them gives `response` back.
    public static func events(for response: ModelResponse, chunkSize: Int = 8) -> [ModelStreamEvent] {
        let response = normalized(response)
        var events: [ModelStreamEvent] = []
        if response.model != nil || response.id != nil {
            events.append(.metadata(model: response.model, id: response.id))
        }
        var text = Substring(response.text)
        while !text.isEmpty {
            events.append(.textDelta(String(text.prefix(max(chunkSize, 1)))))
            text = text.dropFirst(max(chunkSize, 1))
        }
        if let refusal = response.refusal { events.append(.refusalDelta(refusal)) }
        for (index, call) in response.toolCalls.enumerated() {
            events.append(.toolCallStarted(index: index, id: call.id, name: call.name))
            let arguments = call.rawArguments ?? call.arguments.jsonString
            let middle = arguments.index(arguments.startIndex, offsetBy: arguments.count / 2)
            events.append(.toolCallArgumentsDelta(index: index, fragment: String(arguments[..<middle])))
            events.append(.toolCallArgumentsDelta(index: index, fragment: String(arguments[middle...])))
            events.append(.toolCallCompleted(index: index, call: call))
        }
        if let usage = response.usage { events.append(.usage(usage)) }
        if let reason = response.finishReason {
            events.append(.finish(reason, native: response.nativeFinishReason))
        }
        return events
    }

    /// Fills in a finish reason when the script left it out.
    private static func normalized(_ response: ModelResponse) -> ModelResponse {
        var response = response
        if response.finishReason == nil {
            response.finishReason = response.toolCalls.isEmpty ? .stop : .toolCalls
        }
        return response
    }
}
