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

@Suite struct FencedBlockModeTests {
    @Test(arguments: StoreKind.allCases)
    func severalBlocksAreAppliedInOrderAndABrokenOneIsReportedBack(_ kind: StoreKind) async throws {
        let planner = ScriptedModel { request in
            if request.resumesAfterSubtasks {
                return .answer("Thanks.\n```complete\n{\"result\": \"final answer\"}\n```")
            }
            return .answer(
                """
                Here is my plan.
                ```context
                {"key": "plan", "value": "ask the helper"}
                ```
                ```delegate
                {"task": {"title": "Look up", "description": "Find the answer"}, "delegate_to": "Helper"
                ```
                ```delegate
                {"task": {"title": "Look up", "description": "Find the answer"}, "delegate_to": "Helper"}
                ```
                ```post_update
                {"content": "delegated the lookup"}
                ```
                """
            )
        }
        let helper = ScriptedModel { _ in .answer("```complete\n{\"result\": \"42\"}\n```") }
        let store = try kind.make()
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["planner": planner, "helper": helper]),
            configuration: .fast()
        )
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(
                SessionSpec(agents: [agent("Planner", format: .fencedBlocks), agent("Helper", format: .fencedBlocks)])
            )
            _ = try await orchestrator.send("What is the answer?", to: session.id, targets: [0])
            let root = try #require(
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240)).first
            )
            #expect(root.status == .completed)
            #expect(root.result == "final answer")

            let children = try await store.children(of: root.id)
            #expect(children.map(\.title) == ["Look up"])
            #expect(children.first?.result == "42")
            #expect(try await store.context(of: root.id).map(\.key) == ["plan"])
            let updates = try await store.updates(.task(root.id))
            #expect(updates.map(\.kind) == [.delegation, .progress])

            let second = try #require(planner.requests.last)
            #expect(second.tools.isEmpty)
            #expect(second.messages[0].content.contains("```delegate"))
            let report = try #require(
                second.messages.first { $0.content.hasPrefix("Results of your action blocks") }?.content
            )
            let lines = report.split(separator: "\n").map(String.init)
            #expect(lines.count == 5)
            #expect(lines[1].hasPrefix("1. ```context: Context entry 'plan' set."))
            #expect(lines[2].hasPrefix("2. ```delegate: Error:") && lines[2].contains("valid JSON"))
            #expect(lines[3].hasPrefix("3. ```delegate: Delegated to Helper"))
            #expect(lines[4].hasPrefix("4. ```post_update: Update posted."))
            #expect(second.subtasksNote.contains("Result: 42"))
        }
    }

    @Test func anAnswerWithoutActionsGetsANudge() async throws {
        let chatty = ScriptedModel([
            .respond(.answer("Let me think about it.")),
            .respond(.answer("```complete\n{\"result\": \"thought\"}\n```")),
        ])
        let store = InMemoryStore()
        let orchestrator = Orchestrator(store: store, models: registry(["chatty": chatty]), configuration: .fast())
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(
                SessionSpec(agents: [agent("Chatty", format: .fencedBlocks)])
            )
            let events = orchestrator.events(for: session.id)
            _ = try await orchestrator.send("Think", to: session.id)
            let root = try #require(
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240)).first
            )
            #expect(root.result == "thought")
            let nudge = chatty.requests.last?.messages.last { $0.role == .user && !$0.content.hasPrefix("Turn ") }
            #expect(nudge?.content.contains("did not write any action block") == true)
            var streamed = ""
            for await event in events {
                if case .modelTextDelta(_, _, let text) = event.kind { streamed += text }
                if case .taskCompleted = event.kind { break }
            }
            #expect(streamed.hasPrefix("Let me think about it."))
        }
    }

    @Test func theCausalOrderCheckRejectsAnImpossibleStory() {
        let task = AgentTask(
            sessionID: "s",
            title: "t",
            description: "d",
            createdBy: "user",
            assignedTo: "a",
            createdAt: .distantPast
        )
        let created = SessionEvent(sessionID: "s", sequence: 1, timestamp: .distantPast, kind: .taskCreated(task))
        let early = SessionEvent(
            sessionID: "s",
            sequence: 1,
            timestamp: .distantPast,
            kind: .taskStatusChanged(taskID: task.id, from: .pending, to: .inProgress)
        )
        let skipped = SessionEvent(
            sessionID: "s",
            sequence: 2,
            timestamp: .distantPast,
            kind: .taskStatusChanged(taskID: task.id, from: .inProgress, to: .completed)
        )
        #expect(throws: TestFailure.self) { try checkCausalOrder([early]) }
        #expect(throws: TestFailure.self) { try checkCausalOrder([created, skipped]) }
        #expect(throws: TestFailure.self) {
            try checkCausalOrder([
                created, SessionEvent(sessionID: "s", sequence: 3, timestamp: .distantPast, kind: .agentStarted("a")),
            ])
        }
        // A stored task claimed again before its recovery was announced.
        #expect(throws: TestFailure.self) { try checkCausalOrder([early], initial: [task.id: .inProgress]) }
        let recovered = SessionEvent(
            sessionID: "s",
            sequence: 1,
            timestamp: .distantPast,
            kind: .taskStatusChanged(taskID: task.id, from: .inProgress, to: .pending)
        )
        let claimed = SessionEvent(
            sessionID: "s",
            sequence: 2,
            timestamp: .distantPast,
            kind: .taskStatusChanged(taskID: task.id, from: .pending, to: .inProgress)
        )
        #expect(throws: Never.self) { try checkCausalOrder([recovered, claimed], initial: [task.id: .inProgress]) }
    }
}
