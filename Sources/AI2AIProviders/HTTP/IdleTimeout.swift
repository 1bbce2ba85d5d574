//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Synchronization

/// Runs `operation` and fails it with a `.timeout` error when it goes longer than `idle` without
/// calling the `touch` function it is given (once per body chunk).
///
/// AsyncHTTPClient's deadline ends with the response head; this is what catches a stream that
/// stalls halfway. The operation runs in a child task that is cancelled on timeout.
func withIdleTimeout<Result: Sendable>(
    _ idle: Duration,
    provider: String?,
    _ operation: @escaping @Sendable (_ touch: @escaping @Sendable () -> Void) async throws -> Result
) async throws -> Result {
    let clock = ContinuousClock()
    let lastActivity = ActivityClock(clock.now)
    return try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask {
            try await operation { lastActivity.touch(clock.now) }
        }
        group.addTask {
            while true {
                let deadline = lastActivity.last.advanced(by: idle)
                if clock.now >= deadline {
                    throw ProviderError(
                        .timeout,
                        message: "The stream sent nothing for \(idle) (idle timeout)",
                        provider: provider
                    )
                }
                try await Task.sleep(until: deadline, clock: clock)
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
private final class ActivityClock: Sendable {
    private let instant: Mutex<ContinuousClock.Instant>

    init(_ start: ContinuousClock.Instant) { instant = Mutex(start) }

    var last: ContinuousClock.Instant { instant.withLock { $0 } }

    func touch(_ now: ContinuousClock.Instant) { instant.withLock { $0 = now } }
}
