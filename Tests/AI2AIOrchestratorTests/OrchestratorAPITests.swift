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

@Suite struct OrchestratorAPITests {
    @Test func badRequestsAreTypedErrors() async throws {
        let orchestrator = Orchestrator(store: InMemoryStore(), models: registry([:]), configuration: .fast())
        await #expect(throws: AI2AIError.self) { try await orchestrator.createSession(SessionSpec(agents: [])) }
        await #expect(throws: AI2AIError.self) {
            try await orchestrator.createSession(SessionSpec(agents: [agent("Same"), agent("same")]))
        }
        let session = try await orchestrator.createSession(SessionSpec(agents: [agent("One")]))
        do {
            _ = try await orchestrator.send("hi", to: session.id, targets: [3])
            Issue.record("expected an error")
        } catch let error as AI2AIError {
            #expect(error.code == .notFound)
        }
        do {
            _ = try await orchestrator.send("hi", to: "missing")
            Issue.record("expected an error")
        } catch let error as AI2AIError {
            #expect(error.code == .notFound)
        }
        await #expect(throws: AI2AIError.self) { try await orchestrator.send("  ", to: session.id) }
        await #expect(throws: AI2AIError.self) { try await orchestrator.restartAgent(in: session.id, index: 9) }
        await #expect(throws: AI2AIError.self) { try await orchestrator.tasks(in: "missing") }
    }

    @Test func workSentBeforeRunStartsWhenTheOrchestratorRuns() async throws {
        let model = completing { _ in "done" }
        let store = InMemoryStore()
        let orchestrator = Orchestrator(store: store, models: registry(["one": model]), configuration: .fast())
        let session = try await orchestrator.createSession(SessionSpec(agents: [agent("One")]))
        _ = try await orchestrator.send("hi", to: session.id)
        #expect(await !orchestrator.isRunning(agent: try await store.agents(in: session.id)[0].id))
        try await withRunning(orchestrator) { orchestrator in
            let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            #expect(roots.first?.result == "done")
        }
    }

    @Test func sessionsCreatedBeforeRunStartEvenWithoutResumingStoredAgents() async throws {
        let store = InMemoryStore()
        // An agent of an earlier process, active in the store: not resumed with the option off.
        let earlier = Orchestrator(
            store: store,
            models: registry(["old": completing { _ in "old" }]),
            configuration: .fast()
        )
        let old = try await earlier.createSession(SessionSpec(agents: [agent("Old")]))
        _ = try await earlier.send("hi", to: old.id)

        var configuration = Orchestrator.Configuration.fast()
        configuration.resumesActiveAgents = false
        let models = registry(["one": completing { _ in "done" }, "old": completing { _ in "old" }])
        let orchestrator = Orchestrator(store: store, models: models, configuration: configuration)
        let session = try await orchestrator.createSession(SessionSpec(agents: [agent("One")]))
        _ = try await orchestrator.send("hi", to: session.id)
        try await withRunning(orchestrator) { orchestrator in
            let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            #expect(roots.first?.result == "done")
            #expect(try await store.tasks(.session(old.id)).first?.status == .pending)
            #expect(await !orchestrator.isRunning(agent: try await store.agents(in: old.id)[0].id))
        }
    }

    @Test func agentsStoppedBeforeRunDoNotStart() async throws {
        var configuration = Orchestrator.Configuration.fast()
        configuration.resumesActiveAgents = false
        let store = InMemoryStore()
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["one": completing { _ in "done" }, "two": completing { _ in "control" }]),
            configuration: configuration
        )
        let session = try await orchestrator.createSession(SessionSpec(agents: [agent("One")]))
        _ = try await orchestrator.send("hi", to: session.id)
        try await orchestrator.stopAgents(in: session.id)
        let agentID = try await store.agents(in: session.id)[0].id
        // A session worked to its end: once it is, `run()` has claimed everything it was going to
        // (the stopped agent's task is older, so it would have been claimed first).
        let control = try await orchestrator.createSession(SessionSpec(agents: [agent("Two")]))
        _ = try await orchestrator.send("hi", to: control.id)
        try await withRunning(orchestrator) { orchestrator in
            _ = try await orchestrator.waitUntilSettled(session: control.id, timeout: .seconds(240))
            #expect(await !orchestrator.isRunning(agent: agentID))
            #expect(try await store.tasks(.session(session.id)).first?.status == .pending)
            #expect(try await orchestrator.startAgents(in: session.id) == 1)
            #expect(await orchestrator.isRunning(agent: agentID))
            let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            #expect(roots.first?.result == "done")
        }
    }

    @Test func runningTwiceIsAConflict() async throws {
        let orchestrator = Orchestrator(
            store: InMemoryStore(),
            models: registry(["one": completing { _ in "done" }]),
            configuration: .fast()
        )
        let session = try await orchestrator.createSession(SessionSpec(agents: [agent("One")]))
        _ = try await orchestrator.send("hi", to: session.id)
        try await withRunning(orchestrator) { orchestrator in
            // A task worked: `run()` is running.
            _ = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            await #expect(throws: AI2AIError.self) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await orchestrator.run() }
                    try await group.next()
                }
            }
        }
    }

    @Test func assignedTasksWakeTheirAgentsWithoutPolling() async throws {
        var configuration = Orchestrator.Configuration.fast()
        configuration.pollInterval = .seconds(3600)
        configuration.recoveryInterval = .seconds(3600)
        let models = registry([
            "lead": DelegationTests.coordinator(delegatingTo: ["Left", "Right"]),
            "left": completing { _ in "l" },
            "right": completing { _ in "r" },
        ])
        let orchestrator = Orchestrator(store: InMemoryStore(), models: models, configuration: configuration)
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(
                SessionSpec(agents: [agent("Lead"), agent("Left"), agent("Right")])
            )
            _ = try await orchestrator.send("Go", to: session.id, targets: [0])
            let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            #expect(roots.first?.status == .completed)
        }
    }

    @Test func thePollPicksUpTasksWrittenByAnotherProcess() async throws {
        let store = try SQLiteStore(path: temporaryDatabasePath())
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["one": completing { _ in "seen" }]),
            configuration: .fast()
        )
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [agent("One")]))
            let one = try await store.agents(in: session.id)[0]
            // Written straight into the store, as another process would: no wake-up.
            let task = try await store.createTask(
                AgentTask(
                    sessionID: session.id,
                    title: "From elsewhere",
                    description: "d",
                    createdBy: "cli",
                    assignedTo: one.id,
                    createdAt: Date(timeIntervalSince1970: 1_700_000_000)
                )
            )
            let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            #expect(roots.map(\.id) == [task.id])
            #expect(roots.first?.result == "seen")
        }
    }
}
