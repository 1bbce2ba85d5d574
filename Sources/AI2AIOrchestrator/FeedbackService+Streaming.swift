//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
import AI2AIProviders
import AI2AIStorage

extension FeedbackService {
    /// Asks for feedback and streams the answer: text chunks, section updates as lines complete,
    /// then the complete ``Feedback``.
    ///
    /// The request starts at once; ending the iteration (or dropping the stream) cancels it.
    /// - Parameters:
    ///   - context: The reasoning so far.
    ///   - question: What the feedback should address.
    ///   - model: The model; `nil` for the configured default.
    /// - Returns: The events; the stream throws ``ProviderError`` when the call fails.
    public func streamFeedback(
        context: String,
        question: String,
        model: String? = nil
    )
        -> AsyncThrowingStream<FeedbackEvent, any Error>
    {
        bridge { service, emit in
            let (provider, request) = try service.prepare(
                history: [],
                sessionPrompt: nil,
                context: context,
                question: question,
                model: model
            )
            _ = try await Self.collect(
                provider.stream(request),
                model: request.model,
                clock: service.configuration.clock,
                onEvent: emit
            )
        }
    }

    /// Streams feedback within a session; when the answer is complete, the exchange is appended to
    /// the session (before the `completed` event is delivered).
    /// - Returns: The events; the stream throws ``AI2AIError`` `.notFound` for an unknown session.
    public func streamFeedback(
        in session: SessionID,
        context: String,
        question: String,
        model: String? = nil
    )
        -> AsyncThrowingStream<FeedbackEvent, any Error>
    {
        bridge { service, emit in
            let (provider, request) = try await service.prepare(
                session: session,
                context: context,
                question: question,
                model: model
            )
            var completed: Feedback?
            let feedback = try await Self.collect(
                provider.stream(request),
                model: request.model,
                clock: service.configuration.clock
            ) { event in
                if case .completed(let feedback) = event { completed = feedback } else { emit(event) }
            }
            try await service.record(completed ?? feedback, in: session, context: context, question: question)
            emit(.completed(feedback))
        }
    }

    /// Runs `work` when the stream is iterated, forwarding its events; cancelling the iteration
    /// cancels the work.
    private func bridge(
        _ work: @escaping @Sendable (FeedbackService, (FeedbackEvent) -> Void) async throws -> Void
    ) -> AsyncThrowingStream<FeedbackEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: FeedbackEvent.self)
        let service = self
        let task = Task {
            do {
                try await work(service) { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
