//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

/// Where AI2AI reads the time and waits.
///
/// Every time AI2AI stamps on a value (a task's `created_at`, a lease's expiry, an event's
/// timestamp) comes from a clock, and every wait it makes (a retry's backoff, a lease renewal, a
/// store poll, a model call's timeouts) sleeps on one. ``SystemClock`` is the default everywhere;
/// tests pass `ManualClock` from `AI2AITesting` to the orchestrator, the stores and the providers,
/// and move time forward themselves instead of waiting for it.
///
/// ```swift
/// let clock: any AI2AIClock = SystemClock()
/// let deadline = clock.now.adding(.seconds(30))
/// try await clock.sleep(until: deadline)
/// ```
public protocol AI2AIClock: Sendable {
    /// The current time.
    var now: Date { get }

    /// Suspends the current task until the clock reaches `deadline`; returns at once when it has.
    /// - Parameter deadline: When to resume.
    /// - Throws: `CancellationError` when the task is cancelled before the deadline.
    func sleep(until deadline: Date) async throws

    /// Suspends the current task for `duration` of this clock's time.
    /// - Parameter duration: How long to wait; zero or less returns at once.
    /// - Throws: `CancellationError` when the task is cancelled before the time is up.
    func sleep(for duration: Duration) async throws
}

extension AI2AIClock {
    /// Sleeps until `now` plus `duration`.
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now.adding(duration))
    }
}

extension AI2AIClock where Self == SystemClock {
    /// The system's clock: `SystemClock()`.
    public static var system: SystemClock { SystemClock() }
}

extension Date {
    /// This date moved by a duration.
    /// - Parameter duration: How far to move (negative moves back).
    /// - Returns: The moved date.
    public func adding(_ duration: Duration) -> Date {
        addingTimeInterval(duration.timeInterval)
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    package var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    /// A duration from seconds given as a `TimeInterval`; not-a-number becomes zero.
    package init(timeInterval: TimeInterval) {
        self = timeInterval.isNaN ? .zero : .seconds(timeInterval)
    }
}
