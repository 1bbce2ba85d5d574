//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIOrchestrator
import AI2AIProviders
import AI2AIStorage
import AI2AITesting
import Foundation
import Testing

@Suite struct CrashRecoveryTests {
    /// One process delegates, one worker finishes (and the process dies right after storing that
    /// turn), the other worker is mid-call. A second process on the same file finishes the session
    /// without redoing anything that was stored.
    @Test func aNewOrchestratorFinishesTheSessionOfACrashedOneWithoutDuplicates() async throws {
        let path = temporaryDatabasePath()
        // Both processes read one clock, as two processes on one machine read the system clock.
        let clock = ManualClock()
        let firstStarted = Signal()
        let crashable = CrashableStore(try SQLiteStore(path: path, configuration: .init(clock: clock))) { commit in
            commit.outcome == .finish(.completed("second result"))
        }
        let firstProcess = Orchestrator(
            store: crashable,
            models: registry([
                "coordinator": ScriptedModel { request in
                    if request.resumesAfterSubtasks { return .calling("complete_task", ["result": "too early"]) }
                    return .calling([delegation("First", "Part one"), delegation("Second", "Part two")])
                },
                "first": ScriptedModel { _ in
                    firstStarted.fire()
                    try await suspendUntilCancelled()
                    return .answer("never")
                },
                "second": ScriptedModel { _ in
                    await firstStarted.wait()
                    return .calling("complete_task", ["result": "second result"])
                },
            ]),
            configuration: .manual(clock, leaseDuration: .seconds(30))
        )
        let run = Task { try await firstProcess.run() }
        let session = try await firstProcess.createSession(
            SessionSpec(agents: [agent("Coordinator"), agent("First"), agent("Second")])
        )
        let root = try #require(try await firstProcess.send("Build it", to: session.id, targets: [0]).first)
        await crashable.crash.wait()
        run.cancel()
        _ = await run.result

        // The dead process never renews its lease on "Part one": 31 s later it has expired, and
        // the second process, opening the same file, recovers the task as it starts.
        clock.advance(by: .seconds(31))
        let store = try SQLiteStore(path: path, configuration: .init(clock: clock))
        let coordinator = ScriptedModel { request in
            guard request.resumesAfterSubtasks else { return .calling([delegation("First", "Again")]) }
            return .calling("complete_task", ["result": .string("Merged.\n\(request.subtasksNote)")])
        }
        let second = completing { _ in "second result, redone" }
        let secondProcess = Orchestrator(
            store: store,
            models: registry([
                "coordinator": coordinator, "first": completing { _ in "first result" }, "second": second,
            ]),
            configuration: .manual(clock)
        )
        try await withRunning(secondProcess) { orchestrator in
            let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            #expect(roots.map(\.id) == [root.id])
            let finished = try #require(roots.first)
            #expect(finished.status == .completed)
            #expect(finished.result?.contains("first result") == true)
            #expect(finished.result?.contains("second result") == true)

            let tasks = try await orchestrator.tasks(in: session.id)
            let children = tasks.filter { $0.parentTaskID == root.id }
            #expect(tasks.count == 3)
            #expect(children.count == 2)
            #expect(Set(children.map(\.title)) == ["Part one", "Part two"])
            #expect(tasks.allSatisfy { $0.status == .completed })
            let interrupted = try #require(children.first { $0.title == "Part one" })
            // Its process stopped (it beat last before the lease expired): that costs no attempt.
            #expect(interrupted.attempt == 0)
            #expect(try await store.turns(of: interrupted.id).count == 1)
            let stored = try #require(children.first { $0.title == "Part two" })
            #expect(try await store.turns(of: stored.id).count == 1)
            #expect(second.requests.isEmpty)
            #expect(coordinator.requests.count == 1)
            #expect(try await store.turns(of: root.id).count == 2)
        }
    }
}
