//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Synchronization
import Testing

@testable import AI2AIOrchestrator

@Suite struct AsyncSemaphoreTests {
    @Test func permitsAreHandedOutInOrderAndNeverExceeded() async throws {
        let semaphore = AsyncSemaphore(permits: 2)
        let inside = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await semaphore.withPermit {
                        inside.enter()
                        await Task.yield()
                        inside.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect((1...2).contains(inside.most))
        #expect(inside.now == 0)
    }

    @Test func aCancelledWaiterGivesUpAndTheNextOneGetsThePermit() async throws {
        let semaphore = AsyncSemaphore(permits: 1)
        let release = AsyncStream.makeStream(of: Void.self)
        let holding = AsyncStream.makeStream(of: Void.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await semaphore.withPermit {
                    holding.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            for await _ in holding.stream { break }
            let waiter = Task { try await semaphore.withPermit { "got it" } }
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            release.continuation.yield()
            try await group.waitForAll()
        }
        let after = try await semaphore.withPermit { 1 }
        #expect(after == 1)
    }
}

/// Counts how many are inside a section, and the most at once.
final class Gauge: Sendable {
    private let state = Mutex((now: 0, most: 0))

    func enter() {
        state.withLock {
            $0.now += 1
            $0.most = max($0.most, $0.now)
        }
    }
    func leave() { state.withLock { $0.now -= 1 } }
    var now: Int { state.withLock { $0.now } }
    var most: Int { state.withLock { $0.most } }
}
