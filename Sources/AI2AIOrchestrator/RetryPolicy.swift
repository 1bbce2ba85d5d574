//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// How the orchestrator retries a model call that failed with a transient error.
///
/// Provider clients already retry HTTP failures; this policy covers errors that still surface
/// (a long rate limit, an overloaded provider). The delay doubles from ``initialBackoff`` up to
/// ``maxBackoff``, and a provider's `Retry-After` is honoured up to ``maxBackoff``.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first call included. Default 4.
    public var maxAttempts: Int
    /// The delay before the first retry. Default 1 s.
    public var initialBackoff: Duration
    /// The longest delay between attempts. Default 30 s.
    public var maxBackoff: Duration

    /// Creates a policy.
    /// - Parameters:
    ///   - maxAttempts: Attempts in all (1 disables retries). Default 4.
    ///   - initialBackoff: The first delay. Default 1 s.
    ///   - maxBackoff: The longest delay. Default 30 s.
    public init(maxAttempts: Int = 4, initialBackoff: Duration = .seconds(1), maxBackoff: Duration = .seconds(30)) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The delay before retry number `retry` (1 for the first retry), honouring a provider's hint.
    /// - Parameters:
    ///   - retry: 1 for the first retry, 2 for the second, ...
    ///   - retryAfter: How long the provider asked to wait, if it said.
    /// - Returns: The delay, never longer than ``maxBackoff``.
    public func delay(beforeRetry retry: Int, retryAfter: Duration? = nil) -> Duration {
        if let retryAfter { return min(retryAfter, maxBackoff) }
        var delay = initialBackoff
        for _ in 1..<max(retry, 1) where delay < maxBackoff { delay *= 2 }
        return min(delay, maxBackoff)
    }
}
