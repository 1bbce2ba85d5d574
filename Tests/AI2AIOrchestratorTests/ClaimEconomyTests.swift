//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIProviders
import AI2AIStorage
import AI2AITesting
import Foundation
import Testing

@testable import AI2AIOrchestrator

/// Issue 15: a claim is made only when a task may be ready. A finished task frees a slot, which
/// makes no task ready by itself, unless its agent's limit held one back.
@Suite struct ClaimEconomyTests {
    /// An orchestrator on the manual clock (no poll ever runs) whose store counts the claims that
    /// found nothing.
    private static func counting(
        _ kind: StoreKind,
        models: [String: ScriptedModel]
    ) throws -> (orchestrator: Orchestrator, store: InterceptingStore, empty: Counter) {
        let clock = ManualClock()
        let empty = Counter()
        let base: any AgentStore =
            switch kind {
            case .sqlite: try SQLiteStore(path: temporaryDatabasePath(), configuration: .init(clock: clock))
            case .memory: InMemoryStore(clock: clock)
            }
        let store = InterceptingStore(base) { call in
            if case .claimed(nil) = call { _ = empty.next() }
        }
        let orchestrator = Orchestrator(store: store, models: registry(models), configuration: .manual(clock))
        return (orchestrator, store, empty)
    }

    @Test(arguments: StoreKind.allCases)
    func aFinishedTaskIsNotFollowedByAClaimThatFindsNothing(_ kind: StoreKind) async throws {
        let (orchestrator, _, empty) = try Self.counting(kind, models: ["worker": completing { _ in "done" }])
        let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Worker")]))
        try await withRunning(orchestrator) { orchestrator in
            for round in 0..<5 {
                _ = try await orchestrator.send("Round \(round)", to: session.id)
                let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(3600))
                #expect(roots.count == round + 1)
                #expect(roots.allSatisfy { $0.status == .completed })
            }
        }
        // At most the start's claim before the first message finds nothing; before this change
        // every one of the five tasks was followed by one.
        #expect(empty.current <= 1, "\(empty.current) claims found nothing")
    }

    @Test(arguments: StoreKind.allCases)
    func anAgentsTaskHeldBackByItsLimitIsClaimedWhenItsOtherTaskEnds(_ kind: StoreKind) async throws {
        let (orchestrator, _, _) = try Self.counting(kind, models: ["worker": completing { _ in "done" }])
        // One agent (one task at a time) with three tasks ready before the run starts: after the
        // first claim, the agent's limit makes the next claim find nothing, and only the end of its
        // task (no assignment, no poll on this clock) can start the next.
        let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Worker")]))
        for round in 0..<3 { _ = try await orchestrator.send("Message \(round)", to: session.id) }
        try await withRunning(orchestrator) { orchestrator in
            let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(3600))
            #expect(roots.count == 3)
            #expect(roots.allSatisfy { $0.status == .completed })
        }
    }

    @Test func aDelegatingTaskResumesWhenItsSubtasksEnd() async throws {
        let lead = ScriptedModel { request in
            if request.resumesAfterSubtasks { return .calling("complete_task", ["result": "joined"]) }
            return .calling([delegation("Worker", "Part A"), delegation("Helper", "Part B")])
        }
        let (orchestrator, store, _) = try Self.counting(
            .sqlite,
            models: ["lead": lead, "worker": completing { _ in "a" }, "helper": completing { _ in "b" }]
        )
        let session = try await orchestrator.createSession(
            SessionSpec(agents: [agent("Lead"), agent("Worker"), agent("Helper")])
        )
        try await withRunning(orchestrator) { orchestrator in
            for round in 0..<3 {
                _ = try await orchestrator.send("Wave \(round)", to: session.id, targets: [0])
                let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(3600))
                #expect(roots.count == round + 1)
                #expect(roots.allSatisfy { $0.status == .completed && $0.result == "joined" })
            }
        }
        #expect(try await store.tasks(TaskFilter()).count == 9)
    }
}
