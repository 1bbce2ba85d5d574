//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import Synchronization

/// Runs `operation` and fails it with the error `timeout` makes when `clock` reaches `deadline`
/// first. The operation runs in a child task that is cancelled on timeout; one task sleeps on the
/// clock beside it.
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

/// The limits of reading a body: it must make progress every `idle`, and end by `deadline`.
struct BodyLimits: Sendable {
    /// The longest time without progress.
    var idle: Duration
    /// When the attempt must be over.
    var deadline: Date
    /// The attempt's total timeout, to name it when the deadline is reached.
    var total: Duration
}

/// Runs `operation` (the reading of a body) under one watchdog: it fails with a `.timeout` error
/// when the operation goes longer than `limits.idle` without calling the `progress` function it is
/// given, or runs past `limits.deadline`.
///
/// AsyncHTTPClient's deadline ends with the response head; this is what catches a stream that
/// stalls, or one that sends nothing but keep-alives. `progress` only records the time; the one
/// watchdog task sleeps on the clock until the earlier of the two deadlines, which only move
/// later, so it never sleeps past one.
func withBodyTimeouts<Result: Sendable>(
    _ limits: BodyLimits,
    clock: any AI2AIClock,
    provider: String?,
    _ operation: @escaping @Sendable (_ progress: @escaping @Sendable () -> Void) async throws -> Result
) async throws -> Result {
    let lastProgress = ProgressTime(clock.now)
    return try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask {
            try await operation { lastProgress.record(clock.now) }
        }
        group.addTask {
            while true {
                let idleDeadline = lastProgress.last.adding(limits.idle)
                let now = clock.now
                if now >= limits.deadline {
                    throw ProviderError(
                        .timeout,
                        message: "The call took longer than \(limits.total) (total timeout)",
                        provider: provider
                    )
                }
                if now >= idleDeadline {
                    throw ProviderError(
                        .timeout,
                        message: "The model sent nothing for \(limits.idle) (idle timeout; keep-alives do not count)",
                        provider: provider
                    )
                }
                try await clock.sleep(until: min(idleDeadline, limits.deadline))
            }
        }
        defer { group.cancelAll() }
        guard let result = try await group.next() else {
            throw CancellationError()
        }
        return result
    }
}

/// The time of the last progress, shared between an operation and its watchdog.
private final class ProgressTime: Sendable {
    private let instant: Mutex<Date>

    init(_ start: Date) { instant = Mutex(start) }

    var last: Date { instant.withLock { $0 } }

    func record(_ now: Date) { instant.withLock { $0 = max($0, now) } }
}
