//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
package import Foundation
import Synchronization

/// The database server's clock as this process reads it: the system clock moved by the offset
/// between it and the server's clock.
///
/// A ``PostgresStore`` without a configured clock measures the offset when it opens and again at
/// every heartbeat the orchestrator records, so that processes whose system clocks disagree still
/// agree on when a lease expires (to within half the measuring round trip), without asking the
/// server for the time in every transaction.
package final class DatabaseClock: AI2AIClock {
    private let system = SystemClock()
    /// The server's time minus the system's, in seconds.
    private let offset = Mutex<TimeInterval>(0)

    package init() {}

    package var now: Date { system.now.addingTimeInterval(offset.withLock { $0 }) }

    package func sleep(until deadline: Date) async throws {
        try await system.sleep(for: Duration(timeInterval: deadline.timeIntervalSince(now)))
    }

    package func sleep(for duration: Duration) async throws {
        try await system.sleep(for: duration)
    }

    /// The server's time minus the system's, in seconds, as last measured.
    package var measuredOffset: TimeInterval { offset.withLock { $0 } }

    /// Measures the offset: `serverTime` asks the server for its time (seconds since 1970); the
    /// answer is taken to be the server's time halfway through the call. A `nil` answer keeps the
    /// offset.
    package func synchronize(_ serverTime: () async throws -> TimeInterval?) async throws {
        let sent = system.now
        guard let server = try await serverTime() else { return }
        let received = system.now
        let midpoint = sent.timeIntervalSince1970 + received.timeIntervalSince(sent) / 2
        offset.withLock { $0 = server - midpoint }
    }
}
