//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AITesting
import Foundation
import Testing

@Suite struct ManualClockTests {
    @Test func sleepersWakeInDeadlineOrderWhenTheTimeReachesThem() async throws {
        let clock = ManualClock()
        let start = clock.now
        let (woken, wake) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for seconds in [30, 10, 20] {
                group.addTask {
                    try await clock.sleep(for: .seconds(seconds))
                    wake.yield(seconds)
                }
            }
            await clock.waitForSleepers(3)
            #expect(clock.sleepers.map(\.deadline) == [10, 20, 30].map { start.adding(.seconds($0)) })
            #expect(clock.sleepers.map(\.duration) == [10, 20, 30].map { Duration.seconds($0) })
            clock.advance(by: .seconds(15))
            var order = woken.makeAsyncIterator()
            #expect(await order.next() == 10)
            #expect(clock.sleeperCount == 2)
            clock.advance(to: start.adding(.seconds(20)))
            #expect(await order.next() == 20)
            #expect(clock.sleeperCount == 1)
            // Both resumed at once would race to report; one at a time, each wakes when its time comes.
            clock.advance(to: start.adding(.seconds(30)))
            #expect(await order.next() == 30)
            try await group.waitForAll()
        }
        #expect(clock.now == start.adding(.seconds(30)))
    }

    @Test func aCancelledSleeperWakesWithCancellationError() async throws {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(60)) }
        await clock.waitForSleepers(1)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
        // Cancelled before it sleeps: it never registers.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: .seconds(60))
        }
        await #expect(throws: CancellationError.self) { try await early.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func aDeadlineThatHasPassedReturnsAtOnceAndTimeNeverMovesBack() async throws {
        let clock = ManualClock()
        let start = clock.now
        try await clock.sleep(until: start)
        try await clock.sleep(for: .zero)
        clock.advance(to: start.adding(.seconds(-5)))
        #expect(clock.now == start)
    }

    @Test func waitForSleeperPicksTheSleepThatIsDueSoon() async throws {
        let clock = ManualClock()
        let start = clock.now
        let long = Task { try await clock.sleep(for: .seconds(3600)) }
        await clock.waitForSleepers(1)
        let short = Task { try await clock.sleep(for: .milliseconds(250)) }
        let sleeper = try #require(await clock.waitForSleeper(dueWithin: .seconds(1)))
        #expect(sleeper.deadline == start.adding(.milliseconds(250)))
        #expect(sleeper.duration == .milliseconds(250))
        clock.advance(to: sleeper.deadline)
        try await short.value
        #expect(clock.sleeperCount == 1)
        long.cancel()
        _ = await long.result
        // A test waiting for a sleep that never comes stops waiting when cancelled.
        let waiting = Task { await clock.waitForSleeper(dueWithin: .seconds(1)) }
        waiting.cancel()
        #expect(await waiting.value == nil)
    }
}
