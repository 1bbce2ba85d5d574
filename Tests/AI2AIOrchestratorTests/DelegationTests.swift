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
import Testing

@Suite struct DelegationTests {
    /// A coordinator that delegates to `workers` first and completes with their results when resumed.
    static func coordinator(delegatingTo workers: [String]) -> ScriptedModel {
        ScriptedModel { request in
            if request.resumesAfterSubtasks {
                return .calling("complete_task", ["result": .string("Report.\n\(request.subtasksNote)")])
            }
            return .calling(workers.map { delegation($0, "Part for \($0)") })
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aCoordinatorFansOutToTwoAgentsAndCompletesWithBothResults(_ kind: StoreKind) async throws {
        let store = try kind.make()
        let models = registry([
            "coordinator": Self.coordinator(delegatingTo: ["Researcher", "Writer"]),
            "researcher": completing { _ in "the moon pulls the sea" },
            "writer": completing { _ in "a paragraph on tides" },
        ])
        let orchestrator = Orchestrator(store: store, models: models, configuration: .fast())
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(
                SessionSpec(
                    title: "Tides",
                    agents: [agent("Coordinator", role: "Lead"), agent("Researcher"), agent("Writer")]
                )
            )
            let sent = try await orchestrator.send("Write a report on tides", to: session.id, targets: [0])
            #expect(sent.count == 1)
            let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            let root = try #require(roots.first)
            #expect(roots.count == 1)
            #expect(root.status == .completed)
            #expect(root.result?.contains("the moon pulls the sea") == true)
            #expect(root.result?.contains("a paragraph on tides") == true)

            let children = try await store.children(of: root.id)
            let agents = try await orchestrator.agents(in: session.id)
            #expect(children.count == 2)
            #expect(children.allSatisfy { $0.status == .completed && $0.depth == 1 })
            #expect(Set(children.map(\.assignedTo)) == Set(agents[1...].map(\.id)))
            #expect(agents.allSatisfy { $0.isActive })

            let usage = try await orchestrator.usage(.session(session.id))
            #expect(usage.calls == 4)
            #expect(usage.totalTokens == 60)
            let taskUsage = try await orchestrator.usage(.task(root.id))
            let agentUsage = try await orchestrator.usage(.agent(agents[1].id))
            #expect(taskUsage.calls == 2)
            #expect(agentUsage.calls == 1)

            let responses = try await orchestrator.responses(in: session.id)
            #expect(responses.count == 3)
            #expect(responses.first?.id == root.id)
            let delegations = try await store.updates(.task(root.id)).filter { $0.kind == .delegation }
            #expect(delegations.count == 2)
        }
    }

    @Test func selfDelegationAndUnknownAgentsAreRefusedWithTheReason() async throws {
        let alpha = ScriptedModel([
            .respond(.calling([delegation("Alpha", "Mine"), delegation("Nobody", "Theirs")])),
            .respond(.calling("complete_task", ["result": "did it myself"])),
        ])
        let beta = completing { _ in "unused" }
        let store = InMemoryStore()
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["alpha": alpha, "beta": beta]),
            configuration: .fast()
        )
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Alpha"), agent("Beta")]))
            _ = try await orchestrator.send("Do the thing", to: session.id, targets: [0])
            let root = try #require(
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240)).first
            )
            #expect(root.status == .completed)
            #expect(root.result == "did it myself")
            #expect(try await store.children(of: root.id).isEmpty)
            let results = try #require(alpha.requests.last?.toolResults)
            #expect(results.count == 2)
            #expect(results[0].contains("cannot delegate to yourself"))
            #expect(results[1].contains("no agent named 'Nobody'"))
            #expect(results[1].contains("Beta"))
            #expect(beta.requests.isEmpty)
            // The delegation tool offers only the other agents.
            let tool = alpha.requests.first?.tools.first { $0.name == "delegate_task" }
            #expect(tool?.parameters["properties"]?["agent"]?["enum"] == ["Beta"])
        }
    }

    @Test func theDepthLimitFailsTheTaskThatWouldGoDeeper() async throws {
        let first = DelegationTests.coordinator(delegatingTo: ["Second"])
        let second = ScriptedModel { _ in .calling([delegation("First", "Back again")]) }
        let store = InMemoryStore()
        let configuration = Orchestrator.Configuration.fast(limits: Orchestrator.Limits(maxDelegationDepth: 1))
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["first": first, "second": second]),
            configuration: configuration
        )
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [agent("First"), agent("Second")]))
            _ = try await orchestrator.send("Go", to: session.id, targets: [0])
            let root = try #require(
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240)).first
            )
            let tasks = try await orchestrator.tasks(in: session.id)
            #expect(tasks.count == 2)
            let child = try #require(tasks.first { $0.parentTaskID == root.id })
            #expect(child.status == .failed)
            #expect(child.error?.contains("Delegation depth limit reached") == true)
            #expect(root.status == .completed)
            #expect(root.result?.contains("Delegation depth limit reached") == true)
        }
    }

    @Test func theTurnLimitFailsATaskThatNeverFinishes() async throws {
        let busy = ScriptedModel { _ in .calling("post_update", ["content": "still working"]) }
        let store = InMemoryStore()
        let configuration = Orchestrator.Configuration.fast(limits: Orchestrator.Limits(maxTurnsPerTask: 3))
        let orchestrator = Orchestrator(store: store, models: registry(["busy": busy]), configuration: configuration)
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Busy")]))
            _ = try await orchestrator.send("Go", to: session.id)
            let root = try #require(
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240)).first
            )
            #expect(root.status == .failed)
            #expect(root.error?.contains("Turn limit reached") == true)
            #expect(busy.requests.count == 3)
            #expect(try await store.turns(of: root.id).count == 3)
            #expect(try await store.updates(.task(root.id)).filter { $0.kind == .progress }.count == 3)
        }
    }

    @Test func theTokenBudgetStopsASession() async throws {
        let busy = ScriptedModel { _ in .calling("post_update", ["content": "more"]) }
        let store = InMemoryStore()
        let configuration = Orchestrator.Configuration.fast(limits: Orchestrator.Limits(tokenBudgetPerSession: 25))
        let orchestrator = Orchestrator(store: store, models: registry(["busy": busy]), configuration: configuration)
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Busy")]))
            _ = try await orchestrator.send("Go", to: session.id)
            let root = try #require(
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240)).first
            )
            #expect(root.status == .failed)
            #expect(root.error?.contains("Token budget exhausted") == true)
            #expect(busy.requests.count == 2)
        }
    }
}
