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
    ///
    /// A long sleep is taken in steps of at most ``longestStep``. A cancelled `Task.sleep` returns
    /// at once, but on Linux its timer stays queued in Dispatch, with the memory it holds, until
    /// the original deadline. Call watchdogs sleep for the idle timeout (minutes) and are nearly
    /// always cancelled when their call ends, so a busy server kept about 6 KiB per finished session
    /// for two minutes; in steps, a cancelled sleep leaves at most one step's timer behind.
    public func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return try Task.checkCancellation() }
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: duration)
        while true {
            let left = clock.now.duration(to: end)
            guard left > .zero else { return }
            try await Task.sleep(for: min(left, Self.longestStep))
        }
    }

    /// The longest single timer a sleep sets: 5 s.
    public static let longestStep: Duration = .seconds(5)
}
