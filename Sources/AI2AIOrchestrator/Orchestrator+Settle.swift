//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
import AI2AIStorage

extension Orchestrator {
    /// Waits until every root task of a session has finished (completed, failed or cancelled).
    ///
    /// For the CLI, tests and simple programs. It wakes on this orchestrator's events and also
    /// checks the store every ``Configuration/pollInterval``, so work finished by another process counts.
    /// Both the poll and the timeout are measured on ``Configuration/clock``.
    /// - Parameters:
    ///   - session: The session.
    ///   - timeout: How long to wait at most.
    /// - Returns: The session's root tasks, oldest first.
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session; `.limitExceeded` on timeout;
    ///   `CancellationError` when cancelled.
    public func waitUntilSettled(session: SessionID, timeout: Duration) async throws -> [AgentTask] {
        let events = services.events.subscribe(to: session, after: 0)
        let (ticks, tick) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let pollInterval = configuration.pollInterval
        let clock = services.clock
        return try await withThrowingTaskGroup(of: Void.self) { group in
            defer { group.cancelAll() }
            group.addTask {
                for await event in events {
                    switch event.kind {
                    case .taskCompleted(let task) where task.parentTaskID == nil: tick.yield()
                    case .taskFailed(let task) where task.parentTaskID == nil: tick.yield()
                    case .taskStatusChanged(_, _, to: .cancelled), .sessionCancelled: tick.yield()
                    default: continue
                    }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try await clock.sleep(for: pollInterval)
                    tick.yield()
                }
            }
            group.addTask {
                try await clock.sleep(for: timeout)
                tick.finish()
            }
            tick.yield()
            for await _ in ticks {
                let roots = try await store.tasks(TaskFilter(sessionID: session, rootsOnly: true))
                if roots.isEmpty { _ = try await store.session(session) }
                if !roots.isEmpty, roots.allSatisfy(\.status.isTerminal) { return roots }
            }
            try Task.checkCancellation()
            throw AI2AIError(.limitExceeded, "Session \(session) did not settle within \(timeout)")
        }
    }
}
