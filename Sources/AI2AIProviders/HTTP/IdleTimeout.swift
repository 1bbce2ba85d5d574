//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import Synchronization

/// Runs `operation` and fails it with a `.timeout` error when `clock` reaches `deadline` first.
///
/// The operation runs in a child task that is cancelled on timeout; one task sleeps on the clock
/// beside it.
func withDeadline<Result: Sendable>(
    _ deadline: Date,
    clock: any AI2AIClock,
    timeout: @escaping @Sendable () -> ProviderError,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await clock.sleep(until: deadline)
            throw timeout()
        }
        defer { group.cancelAll() }
        guard let result = try await group.next() else { throw CancellationError() }
        return result
    }
}

/// Runs `operation` and fails it with a `.timeout` error when it goes longer than `idle` without
/// calling the `touch` function it is given (once per body chunk).
///
/// AsyncHTTPClient's deadline ends with the response head; this is what catches a stream that
/// stalls halfway. The operation runs in a child task that is cancelled on timeout; one watchdog
/// task sleeps on the clock beside it, and `touch` only records the time.
func withIdleTimeout<Result: Sendable>(
    _ idle: Duration,
    clock: any AI2AIClock,
    provider: String?,
    _ operation: @escaping @Sendable (_ touch: @escaping @Sendable () -> Void) async throws -> Result
) async throws -> Result {
    let lastActivity = ActivityTime(clock.now)
    return try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask {
            try await operation { lastActivity.touch(clock.now) }
        }
        group.addTask {
            while true {
                // The activity time only moves forward, so the deadline slept to is never too late.
                let deadline = lastActivity.last.adding(idle)
                if clock.now >= deadline {
                    throw ProviderError(
                        .timeout,
                        message: "The stream sent nothing for \(idle) (idle timeout)",
                        provider: provider
                    )
                }
                try await clock.sleep(until: deadline)
            }
        }
        defer { group.cancelAll() }
        guard let result = try await group.next() else {
            throw CancellationError()
        }
        return result
    }
}

/// The time of the last activity, shared between an operation and its watchdog.
private final class ActivityTime: Sendable {
    private let instant: Mutex<Date>

    init(_ start: Date) { instant = Mutex(start) }

    var last: Date { instant.withLock { $0 } }

    func touch(_ now: Date) { instant.withLock { $0 = max($0, now) } }
}
