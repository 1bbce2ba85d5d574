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

/// The turn payload is a stored format: a database written by the first release must still resume.
@Suite struct StoredTurnFormatTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    /// A delegating turn stored byte for byte as the first release wrote it (format version 1,
    /// outcome `waiting`), its subtask finished since: a new orchestrator rebuilds the conversation
    /// from it and resumes the parent with the subtask's result.
    @Test(arguments: StoreKind.allCases)
    func aTurnWrittenByTheFirstReleaseResumes(_ kind: StoreKind) async throws {
        let store = try kind.make()
        let session = Session(title: "wave 1", createdAt: Self.t0)
        let coordinator = Agent(
            sessionID: session.id,
            index: 0,
            name: "Coordinator",
            role: "Lead",
            model: "coordinator:test",
            createdAt: Self.t0
        )
        let helper = Agent(
            sessionID: session.id,
            index: 1,
            name: "Helper",
            role: "Helper",
            model: "helper:test",
            createdAt: Self.t0
        )
        try await store.createSession(session, agents: [coordinator, helper])
        let root = try await store.createTask(
            AgentTask(
                sessionID: session.id,
                title: "Build it",
                description: "Build it",
                createdBy: "user",
                assignedTo: coordinator.id,
                createdAt: Self.t0
            )
        )
        _ = try #require(
            try await store.claimNextTask(for: coordinator.id, lease: Lease(owner: "wave1", duration: .seconds(60)))
        )
        let child = AgentTask(
            sessionID: session.id,
            title: "Part",
            description: "Do it",
            createdBy: coordinator.id.rawValue,
            assignedTo: helper.id,
            parentTaskID: root.id,
            depth: 1,
            createdAt: Self.t0
        )
        let payload = """
            {"messages":[{"content":"","role":"assistant","tool_calls":[{"arguments":{"agent":"Helper",\
            "description":"Do it","title":"Part"},"id":"call_0_0","name":"delegate_task"}]},\
            {"content":"Delegated to Helper as task \(child.id).","role":"tool","tool_call_id":"call_0_0",\
            "tool_calls":[],"tool_name":"delegate_task"}],"outcome":"waiting","version":1}
            """
        _ = try await store.commitTurn(
            TurnCommit(
                turn: TurnRecord(taskID: root.id, index: 0, payload: Data(payload.utf8), createdAt: Self.t0),
                leaseOwner: "wave1",
                subtasks: [child],
                outcome: .waitForChildren
            )
        )
        _ = try #require(
            try await store.claimNextTask(for: helper.id, lease: Lease(owner: "wave1", duration: .seconds(60)))
        )
        _ = try await store.finish(child.id, .completed("the part"))

        let model = ScriptedModel { request in
            .calling("complete_task", ["result": .string("Merged: \(request.subtasksNote)")])
        }
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["coordinator": model, "helper": completing { _ in "unused" }]),
            configuration: .fast()
        )
        try await withRunning(orchestrator) { orchestrator in
            let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            let finished = try #require(roots.first)
            #expect(finished.status == .completed)
            #expect(finished.result?.contains("the part") == true)
        }
        let request = try #require(model.requests.first)
        #expect(model.requests.count == 1)
        let replayed = request.messages.dropFirst(2).prefix(2)
        #expect(replayed.map(\.role) == [.assistant, .tool])
        #expect(replayed.first?.toolCalls.map(\.name) == ["delegate_task"])
        #expect(replayed.last?.content == "Delegated to Helper as task \(child.id).")
        #expect(request.resumesAfterSubtasks)
        // And this version still writes the same format.
        let turns = try await store.turns(of: root.id)
        #expect(turns.count == 2)
        let last = try #require(turns.last)
        let written = try #require(try JSONSerialization.jsonObject(with: last.payload) as? [String: Any])
        #expect(written["version"] as? Int == 1)
        #expect(written["outcome"] as? String == "finished")
        #expect((written["messages"] as? [Any])?.isEmpty == false)
    }
}
