//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// Suspends the current task until it is cancelled, then throws `CancellationError`.
///
/// For a scripted model that never answers (to keep a task in progress until a test stops its
/// agent), without sleeping for an arbitrary time:
///
/// ```swift
/// let stuck = ScriptedModel { _ in
///     try await suspendUntilCancelled()
///     return .answer("never")
/// }
/// ```
/// - Throws: `CancellationError`, always.
public func suspendUntilCancelled() async throws {
    let (stream, continuation) = AsyncStream.makeStream(of: Never.self)
    // An AsyncStream's iteration ends when the iterating task is cancelled.
    for await _ in stream {}
    continuation.finish()
    throw CancellationError()
}
