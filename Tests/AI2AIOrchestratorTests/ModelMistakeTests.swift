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

/// A model's mistakes go back to the model as tool results; they never end a task by themselves.
@Suite struct ModelMistakeTests {
    /// Runs one session of `agents` on "Go" sent to the first agent, and returns its root task.
    static func runSession(
        _ models: [String: ScriptedModel],
        agents: [String],
        store: any AgentStore = InMemoryStore(),
        limits: Orchestrator.Limits = Orchestrator.Limits()
    ) async throws -> (root: AgentTask, store: any AgentStore) {
        let orchestrator = Orchestrator(
            store: store,
            models: registry(models),
            configuration: .fast(limits: limits)
        )
        let root = try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: agents.map { agent($0) }))
            _ = try await orchestrator.send("Go", to: session.id, targets: [0])
            let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            return try #require(roots.first)
        }
        return (root, store)
    }

    // MARK: Delegating and finishing in one answer (issue 11, item 5)

    @Test(arguments: ["complete_task", "fail_task"])
    func anAnswerThatDelegatesAndFinishesWaitsForItsSubtasks(_ finishing: String) async throws {
        let argument = finishing == "complete_task" ? "result" : "reason"
        let lead = ScriptedModel { request in
            if request.resumesAfterSubtasks {
                return .calling("complete_task", ["result": .string("Merged.\n\(request.subtasksNote)")])
            }
            return .calling([
                delegation("Helper", "Part"),
                ToolCall(id: nil, name: finishing, arguments: [argument: "too early"]),
            ])
        }
        let (root, store) = try await Self.runSession(
            ["lead": lead, "helper": completing { _ in "the part" }],
            agents: ["Lead", "Helper"]
        )
        #expect(root.status == .completed)
        #expect(root.result?.contains("the part") == true)
        let children = try await store.children(of: root.id)
        try #require(children.count == 1)
        #expect(children.allSatisfy { $0.status == .completed })
        #expect(lead.requests.count == 2)
        let refusal = try #require(lead.requests.last?.toolResults.last)
        #expect(refusal.hasPrefix("Refused"))
        #expect(refusal.contains("\"Part\""))
        #expect(refusal.contains(children[0].id.rawValue))
    }

    // MARK: Invalid calls (issue 11, item 6)

    @Test(arguments: StoreKind.allCases)
    func aDelegationTheStoreWouldRefuseIsRefusedToTheModelAndTheOtherActionsAreKept(
        _ kind: StoreKind
    ) async throws {
        let lead = ScriptedModel([
            .respond(
                .calling([
                    ToolCall(id: nil, name: "post_update", arguments: ["content": "planning"]),
                    delegation("Helper", "", ""),
                    ToolCall(id: nil, name: "add_context", arguments: ["key": " ", "value": "v"]),
                ])
            ),
            .respond(.calling("complete_task", ["result": "did it myself"])),
        ])
        let (root, store) = try await Self.runSession(
            ["lead": lead, "helper": completing { _ in "unused" }],
            agents: ["Lead", "Helper"],
            store: try kind.make()
        )
        #expect(root.status == .completed)
        #expect(root.result == "did it myself")
        #expect(try await store.children(of: root.id).isEmpty)
        #expect(try await store.updates(.task(root.id)).map(\.content) == ["planning"])
        #expect(try await store.context(of: root.id).isEmpty)
        let results = try #require(lead.requests.last?.toolResults)
        try #require(results.count == 3)
        #expect(results[0] == "Update posted.")
        #expect(results[1].hasPrefix("Refused"))
        #expect(results[1].contains("title"))
        #expect(results[2].hasPrefix("Refused"))
    }

    // MARK: The subtask limit (issue 11, item 7)

    @Test func callsBeyondTheSubtaskLimitAreRefusedAndTheOthersGoAhead() async throws {
        let lead = ScriptedModel { request in
            if request.resumesAfterSubtasks {
                return .calling("complete_task", ["result": .string("Merged.\n\(request.subtasksNote)")])
            }
            return .calling([delegation("Helper", "One"), delegation("Helper", "Two"), delegation("Helper", "Three")])
        }
        let (root, store) = try await Self.runSession(
            ["lead": lead, "helper": completing { request in "done \(request.taskTitle)" }],
            agents: ["Lead", "Helper"],
            limits: Orchestrator.Limits(maxSubtasksPerTask: 2)
        )
        #expect(root.status == .completed)
        #expect(root.result?.contains("done One") == true)
        #expect(root.result?.contains("done Two") == true)
        let children = try await store.children(of: root.id)
        #expect(children.map(\.title) == ["One", "Two"])
        // Every delegation update names a subtask that exists.
        let delegations = try await store.updates(.task(root.id)).filter { $0.kind == .delegation }
        #expect(delegations.count == 2)
        for update in delegations {
            #expect(children.contains { update.content.contains($0.id.rawValue) })
        }
        let first = try #require(lead.requests.first)
        #expect(first.messages.contains { $0.role == .user && $0.content.contains("You may create 2 more subtasks") })
        let results = try #require(lead.requests.last?.toolResults)
        try #require(results.count == 3)
        #expect(results[2].hasPrefix("Refused"))
        #expect(results[2].contains("at most 2 subtasks"))
    }

    // MARK: The turn budget (issue 11, item 8)

    @Test func thePromptSaysHowManyTurnsRemain() async throws {
        let busy = ScriptedModel { request in
            let turns = request.messages.filter { $0.role == .assistant }.count
            if turns < 2 { return .calling("post_update", ["content": "step"]) }
            return .calling("complete_task", ["result": "done"])
        }
        let (root, _) = try await Self.runSession(
            ["busy": busy],
            agents: ["Busy"],
            limits: Orchestrator.Limits(maxTurnsPerTask: 3)
        )
        #expect(root.status == .completed)
        let notes = busy.requests.map { request in
            request.messages.last { $0.role == .user }?.content ?? ""
        }
        try #require(notes.count == 3)
        #expect(notes[0].contains("Turn 1 of 3"))
        #expect(notes[1].contains("Turn 2 of 3"))
        #expect(notes[2].contains("Turn 3 of 3"))
        #expect(notes[2].contains("last turn"))
    }

    @Test func aDelegationOnTheLastTurnIsRefusedSoNoSubtaskResultIsLeftUnread() async throws {
        let lead = ScriptedModel { request in
            if request.resumesAfterSubtasks {
                return .calling("complete_task", ["result": .string("Merged.\n\(request.subtasksNote)")])
            }
            if request.messages.contains(where: { $0.role == .assistant }) {
                return .calling([delegation("Helper", "Late")])
            }
            return .calling("post_update", ["content": "thinking"])
        }
        let helper = completing { _ in "late result" }
        let (root, store) = try await Self.runSession(
            ["lead": lead, "helper": helper],
            agents: ["Lead", "Helper"],
            limits: Orchestrator.Limits(maxTurnsPerTask: 2)
        )
        #expect(try await store.children(of: root.id).isEmpty)
        #expect(helper.requests.isEmpty)
        #expect(root.status == .failed)
        #expect(root.error?.contains("Turn limit reached") == true)
        // The last turn's answer was refused with the reason (stored with the turn; no call followed).
        let lastTurn = try #require(try await store.turns(of: root.id).last)
        let transcript = String(decoding: lastTurn.payload, as: UTF8.self)
        #expect(transcript.contains("Refused: this is your last turn (2 of 2)"))
        #expect(lead.requests.count == 2)
    }

    @Test func aParentThatDelegatedOnItsSecondToLastTurnReadsTheResults() async throws {
        let lead = ScriptedModel { request in
            if request.resumesAfterSubtasks {
                return .calling("complete_task", ["result": .string("Merged.\n\(request.subtasksNote)")])
            }
            return .calling([delegation("Helper", "Part")])
        }
        let (root, _) = try await Self.runSession(
            ["lead": lead, "helper": completing { _ in "the part" }],
            agents: ["Lead", "Helper"],
            limits: Orchestrator.Limits(maxTurnsPerTask: 2)
        )
        #expect(root.status == .completed)
        #expect(root.result?.contains("the part") == true)
        let note = try #require(lead.requests.last?.messages.last { $0.role == .user }?.content)
        #expect(note.contains("Turn 2 of 2"))
    }
}
