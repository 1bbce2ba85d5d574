//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import Foundation
import Synchronization

/// A clock whose time moves only when a test moves it.
///
/// Give the same clock to the stores, the orchestrator and the providers under test; then, instead
/// of waiting for a lease to expire or a retry's backoff to pass, wait until the code under test is
/// asleep on the clock and move the time past its deadline:
///
/// ```swift
/// let clock = ManualClock()
/// let store = InMemoryStore(clock: clock)
/// // ... a worker claims a task with a 30 s lease, then crashes ...
/// clock.advance(by: .seconds(31))
/// let recovered = try await store.recoverExpiredLeases(maxAttempts: 3)
/// ```
///
/// ``advance(by:)`` resumes every sleeper whose deadline it reaches, earliest first. A sleeping
/// task that is cancelled wakes at once with `CancellationError`. ``waitForSleepers(_:)`` and
/// ``waitForSleeper(dueWithin:)`` let a test wait, without sleeping itself, until the code it drives
/// has gone to sleep.
public final class ManualClock: AI2AIClock {
    /// A task asleep on the clock.
    public struct Sleeper: Sendable, Hashable {
        /// When it wakes.
        public var deadline: Date
        /// How long it asked to sleep: the duration given to ``sleep(for:)``, or the time from its
        /// call of ``sleep(until:)`` to its deadline.
        public var duration: Duration
    }

    private struct Entry {
        var sleeper: Sleeper
        var continuation: CheckedContinuation<Void, any Error>?
        var cancelled = false
    }

    private struct Waiter {
        var isSatisfied: @Sendable (_ now: Date, _ sleepers: [Sleeper]) -> Bool
        var continuation: CheckedContinuation<Void, Never>?
        var cancelled = false
    }

    private struct State {
        var now: Date
        var entries: [UInt64: Entry] = [:]
        var waiters: [UInt64: Waiter] = [:]
        var nextID: UInt64 = 0

        mutating func makeID() -> UInt64 {
            defer { nextID += 1 }
            return nextID
        }

        /// The tasks asleep now, earliest deadline first.
        var sleepers: [Sleeper] {
            entries.filter { $0.value.continuation != nil }
                .sorted { ($0.value.sleeper.deadline, $0.key) < ($1.value.sleeper.deadline, $1.key) }
                .map(\.value.sleeper)
        }

        /// Removes and returns the waiters whose condition now holds.
        mutating func satisfiedWaiters() -> [CheckedContinuation<Void, Never>] {
            let sleepers = self.sleepers
            var ready: [CheckedContinuation<Void, Never>] = []
            for (id, waiter) in waiters {
                guard let continuation = waiter.continuation, waiter.isSatisfied(now, sleepers) else { continue }
                waiters[id] = nil
                ready.append(continuation)
            }
            return ready
        }
    }

    private let state: Mutex<State>

    /// Creates a clock that reads `now` until it is moved.
    /// - Parameter now: The starting time; 14 November 2023, 22:13:20 UTC by default.
    public init(now: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        state = Mutex(State(now: now))
    }

    /// The clock's current time.
    public var now: Date { state.withLock { $0.now } }

    /// The tasks asleep on the clock, earliest deadline first.
    public var sleepers: [Sleeper] { state.withLock { $0.sleepers } }

    /// How many tasks are asleep on the clock.
    public var sleeperCount: Int { sleepers.count }

    /// Suspends until the clock is moved to `deadline` or past it; returns at once when it is there.
    /// - Throws: `CancellationError` when the task is cancelled first.
    public func sleep(until deadline: Date) async throws {
        try await sleep(until: deadline, duration: nil)
    }

    /// Suspends until the clock has moved `duration` forward.
    /// - Throws: `CancellationError` when the task is cancelled first.
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now.adding(duration), duration: duration)
    }

    private func sleep(until deadline: Date, duration: Duration?) async throws {
        let id: UInt64? = state.withLock { state in
            guard deadline > state.now else { return nil }
            let id = state.makeID()
            let asked = duration ?? Duration(timeInterval: deadline.timeIntervalSince(state.now))
            state.entries[id] = Entry(sleeper: Sleeper(deadline: deadline, duration: asked))
            return id
        }
        guard let id else { return try Task.checkCancellation() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (cancelled, ready) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                    guard state.entries[id]?.cancelled == false else {
                        state.entries[id] = nil
                        return (true, [])
                    }
                    state.entries[id]?.continuation = continuation
                    return (false, state.satisfiedWaiters())
                }
                for waiter in ready { waiter.resume() }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let entry = state.entries[id] else { return nil }
                guard let continuation = entry.continuation else {
                    state.entries[id]?.cancelled = true
                    return nil
                }
                state.entries[id] = nil
                return continuation
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Moves the time forward and wakes every sleeper whose deadline it reaches, earliest first.
    /// - Parameter duration: How far to move; a negative duration does nothing.
    public func advance(by duration: Duration) {
        let target = state.withLock { $0.now.adding(max(duration, .zero)) }
        advance(to: target)
    }

    /// Moves the time forward to `date` (never back) and wakes every sleeper whose deadline it
    /// reaches, earliest first.
    /// - Parameter date: The new time.
    public func advance(to date: Date) {
        typealias Woken = [CheckedContinuation<Void, any Error>]
        let (woken, ready) = state.withLock { state -> (Woken, [CheckedContinuation<Void, Never>]) in
            if date > state.now { state.now = date }
            let due = state.entries.filter { $0.value.sleeper.deadline <= state.now && $0.value.continuation != nil }
                .sorted { ($0.value.sleeper.deadline, $0.key) < ($1.value.sleeper.deadline, $1.key) }
            for (id, _) in due { state.entries[id] = nil }
            return (due.compactMap(\.value.continuation), state.satisfiedWaiters())
        }
        for continuation in woken { continuation.resume() }
        for waiter in ready { waiter.resume() }
    }

    /// Waits until at least `count` tasks are asleep on the clock; returns early when cancelled.
    /// - Parameter count: How many sleepers to wait for.
    public func waitForSleepers(_ count: Int) async {
        await waitUntil { _, sleepers in sleepers.count >= count }
    }

    /// Waits until a task is asleep on the clock with a deadline no later than `limit` from now,
    /// and returns the earliest such sleeper.
    ///
    /// Code under test may sleep for several reasons at once (a retry's backoff next to a store
    /// poll or a call's timeout, say); the limit picks the sleep the test is about.
    /// - Parameter limit: How far ahead the deadline may be; any deadline when `nil`.
    /// - Returns: The sleeper (its deadline is ready for ``advance(to:)``), or `nil` when the
    ///   waiting task was cancelled first.
    @discardableResult
    public func waitForSleeper(dueWithin limit: Duration? = nil) async -> Sleeper? {
        @Sendable func due(_ now: Date, _ sleepers: [Sleeper]) -> Sleeper? {
            sleepers.first { sleeper in limit.map { sleeper.deadline <= now.adding($0) } ?? true }
        }
        await waitUntil { now, sleepers in due(now, sleepers) != nil }
        return state.withLock { state in due(state.now, state.sleepers) }
    }

    /// Suspends until `condition` holds for the time and the sleepers, or the task is cancelled.
    private func waitUntil(_ condition: @escaping @Sendable (_ now: Date, _ sleepers: [Sleeper]) -> Bool) async {
        let id = state.withLock { state in
            let id = state.makeID()
            state.waiters[id] = Waiter(isSatisfied: condition)
            return id
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    guard let waiter = state.waiters[id], !waiter.cancelled,
                        !condition(state.now, state.sleepers)
                    else {
                        state.waiters[id] = nil
                        return true
                    }
                    state.waiters[id]?.continuation = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let waiter = state.waiters[id] else { return nil }
                guard let continuation = waiter.continuation else {
                    state.waiters[id]?.cancelled = true
                    return nil
                }
                state.waiters[id] = nil
                return continuation
            }
            continuation?.resume()
        }
    }
}

extension ManualClock {
    /// Runs `operation` while moving the clock past every sleep it makes that is due within `limit`,
    /// as soon as the sleep starts; returns the operation's result and the durations of the sleeps
    /// skipped, in order.
    ///
    /// Use it for the short waits a test is about, such as retry backoffs, and keep `limit` below
    /// every timeout and period of the code under test (an idle timeout, a lease renewal), which
    /// would otherwise fire too:
    ///
    /// ```swift
    /// let (answer, waits) = try await clock.skippingSleeps(within: .seconds(10)) {
    ///     try await provider.complete(request)  // retried after a 429 with `retry-after-ms: 25`
    /// }
    /// #expect(waits == [.milliseconds(25)])
    /// ```
    /// - Parameters:
    ///   - limit: How far ahead a sleep's deadline may be for the clock to skip it. Default 10 s.
    ///   - operation: The code under test.
    /// - Returns: The operation's result and the skipped sleeps.
    /// - Throws: The operation's error.
    public func skippingSleeps<Result: Sendable>(
        within limit: Duration = .seconds(10),
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> (result: Result, skipped: [Duration]) {
        let skipped = SkippedSleeps()
        let result = try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                while let sleeper = await self.waitForSleeper(dueWithin: limit), !Task.isCancelled {
                    skipped.append(sleeper.duration)
                    self.advance(to: sleeper.deadline)
                }
                return nil
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let value = next { return value }
            }
            throw CancellationError()
        }
        return (result, skipped.values)
    }
}

/// The sleeps ``ManualClock/skippingSleeps(within:_:)`` skipped.
private final class SkippedSleeps: Sendable {
    private let durations = Mutex<[Duration]>([])
    var values: [Duration] { durations.withLock { $0 } }
    func append(_ duration: Duration) { durations.withLock { $0.append(duration) } }
}
