//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// Runs an orchestrator for one session, shows its progress live, and reports how it ended.
struct SessionRunner {
    let orchestrator: Orchestrator
    let json: Bool
    let timeout: Duration
    let databaseLabel: String

    enum Ending: Sendable {
        case settled
        case interrupted
        case timedOut
    }

    /// Runs the orchestrator; calls `prepare` to create or pick the session, subscribes to its
    /// events, calls `start` (to send the message), then watches the session until its root tasks
    /// end, Ctrl-C, or the timeout.
    /// - Returns: The exit status.
    func run(
        prepare: @escaping @Sendable (Orchestrator) async throws -> SessionID,
        start: @escaping @Sendable (Orchestrator, SessionID) async throws -> Void = { _, _ in }
    ) async throws -> Int32 {
        let orchestrator = orchestrator
        let interrupts = Interrupts.make()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await orchestrator.run() }
            let session = try await prepare(orchestrator)
            // Subscribe before anything happens in the session, so the display misses nothing.
            let events = orchestrator.events(for: session)
            try await start(orchestrator, session)
            try await ensureRunning(session)
            let ending = try await watch(session, events: events, interrupts: interrupts)
            if case .interrupted = ending {
                // Drain: nothing new starts, the current turns are stored, then the tasks are given
                // back. A second Ctrl-C gives them back at once.
                Terminal.standardError.write(
                    "Stopping: the agents finish their current turns (Ctrl-C again to stop now)\n"
                )
                orchestrator.beginShutdown()
                group.addTask {
                    for await _ in interrupts { return }
                }
                _ = try? await group.next()
            }
            group.cancelAll()
            try? await group.waitForAll()
            return try await report(session, ending: ending)
        }
    }

    /// Starts the session's agents (those stopped earlier too): their tasks are claimed as soon
    /// as the orchestrator runs.
    private func ensureRunning(_ session: SessionID) async throws {
        try await orchestrator.startAgents(in: session)
    }

    private func watch(
        _ session: SessionID,
        events: AsyncStream<SessionEvent>,
        interrupts: AsyncStream<Void>
    ) async throws -> Ending {
        let agents = try await orchestrator.store.agents(in: session)
        // Tasks created before the watch began are shown from the store; their creation events
        // (already buffered in `events`) then update the same rows.
        let tasks = try await orchestrator.store.tasks(.session(session))
        let display = Display(
            snapshot: SessionSnapshot(agents: agents, tasks: tasks),
            mode: json
                ? .log(.standardError)
                : (Terminal.standardOutput.isInteractive ? .tree(.standardOutput) : .log(.standardOutput))
        )
        let orchestrator = orchestrator
        let timeout = timeout
        return try await withThrowingTaskGroup(of: Ending?.self) { group in
            group.addTask {
                for await event in events { await display.apply(event) }
                return nil
            }
            group.addTask {
                await display.refreshLoop(usage: { try? await orchestrator.usage(.task($0)) })
                return nil
            }
            group.addTask {
                _ = try await orchestrator.waitUntilSettled(session: session, timeout: timeout)
                return .settled
            }
            group.addTask {
                for await _ in interrupts { return .interrupted }
                return nil
            }
            var ending: Ending = .timedOut
            do {
                while let result = try await group.next() {
                    if let result {
                        ending = result
                        break
                    }
                }
            } catch let error as AI2AIError where error.code == .limitExceeded {
                ending = .timedOut
            }
            group.cancelAll()
            await display.finish(refreshing: try await orchestrator.store.tasks(.session(session)))
            return ending
        }
    }

    private func report(_ session: SessionID, ending: Ending) async throws -> Int32 {
        let store = orchestrator.store
        let roots = try await store.tasks(TaskFilter(sessionID: session, rootsOnly: true))
        let allCompleted = !roots.isEmpty && roots.allSatisfy { $0.status == .completed }
        if json {
            try Terminal.standardOutput.write(
                await SessionReport.make(session, store: store, databaseLabel: databaseLabel).jsonText() + "\n"
            )
        } else {
            try await SessionReport.printResults(session, store: store)
        }
        let resume = "ai2ai resume \(session) --db \(databaseLabel)"
        switch ending {
        case .interrupted:
            Terminal.standardError.write("Stopped. The unfinished work is saved; continue it with: \(resume)\n")
            return .interrupted
        case .timedOut:
            Terminal.standardError.write("Timed out before every task ended; continue with: \(resume)\n")
            return .tasksFailed
        case .settled:
            return allCompleted ? 0 : .tasksFailed
        }
    }
}
