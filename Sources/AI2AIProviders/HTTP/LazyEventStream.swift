//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// Defers starting a stream until its first element is asked for, so a provider's request
/// starts when iteration starts.
///
/// Dropping the outer stream drops the inner iterator, which cancels the inner stream's work;
/// cancelling the iterating task cancels it too.
actor LazyEventStream {
    private var start: (@Sendable () -> AsyncThrowingStream<ModelStreamEvent, any Error>)?
    private var iterator: AsyncThrowingStream<ModelStreamEvent, any Error>.AsyncIterator?

    private init(start: @escaping @Sendable () -> AsyncThrowingStream<ModelStreamEvent, any Error>) {
        self.start = start
    }

    /// A stream that calls `start` on its first iteration and then forwards its events.
    static func stream(
        _ start: @escaping @Sendable () -> AsyncThrowingStream<ModelStreamEvent, any Error>
    ) -> AsyncThrowingStream<ModelStreamEvent, any Error> {
        let lazy = LazyEventStream(start: start)
        return AsyncThrowingStream(unfolding: { try await lazy.next() })
    }

    private func next() async throws -> ModelStreamEvent? {
        if let start {
            self.start = nil
            iterator = start().makeAsyncIterator()
        }
        guard var current = iterator else { return nil }
        iterator = nil
        let event = try await current.next(isolation: self)
        iterator = event == nil ? nil : current
        return event
    }
}
