//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

/// The real clock: the system's wall-clock time, and sleeps of real time.
///
/// This is the only place in AI2AI that reads the system time; everything else asks the
/// ``AI2AIClock`` it was given, which is a `SystemClock` unless a test says otherwise.
public struct SystemClock: AI2AIClock {
    /// Creates the system clock.
    public init() {}

    /// The current wall-clock time.
    public var now: Date { Date() }

    /// Sleeps until the wall clock reaches `deadline`.
    public func sleep(until deadline: Date) async throws {
        try await sleep(for: Duration(timeInterval: deadline.timeIntervalSince(now)))
    }

    /// Sleeps for `duration` of real time (measured on a monotonic clock).
    public func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return try Task.checkCancellation() }
        try await Task.sleep(for: duration)
    }
}
