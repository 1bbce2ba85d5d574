//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import Testing

@testable import AI2AIOrchestrator

@Suite struct PromptBuilderTests {
    let session = Session(
        title: "Essay",
        systemPrompt: "Write in British English.",
        createdAt: Date(timeIntervalSince1970: 1_700_000_000)
    )

    func builder(format: Agent.ActionFormat = .toolCalls) -> (PromptBuilder, [Agent]) {
        let roster = [
            Agent(
                sessionID: session.id,
                index: 0,
                name: "Coordinator",
                role: "Plans the work",
                model: "m",
                actionFormat: format,
                createdAt: Date(timeIntervalSince1970: 1_700_000_000)
            ),
            Agent(
                sessionID: session.id,
                index: 1,
                name: "Researcher",
                role: "Finds facts",
                model: "m",
                createdAt: Date(timeIntervalSince1970: 1_700_000_000)
            ),
        ]
        let builder = PromptBuilder(
            agent: roster[0],
            session: session,
            roster: roster,
            limits: Orchestrator.Limits(maxDelegationDepth: 1),
            updatesInPrompt: 1
        )
        return (builder, roster)
    }

    @Test func theSystemPromptNamesTheAgentTheSessionPromptAndTheTeam() {
        let (tools, _) = builder()
        let system = tools.systemPrompt()
        #expect(system.hasPrefix("You are Coordinator, an AI agent with the role: Plans the work."))
        #expect(system.contains("Write in British English."))
        #expect(system.contains("- Researcher (role: Finds facts)"))
        #expect(!system.contains("- Coordinator"))
        #expect(system.contains("Act only through your tools"))
        let (blocks, _) = builder(format: .fencedBlocks)
        #expect(blocks.systemPrompt().contains("```delegate\n{\"task\""))
    }

    @Test func theTaskMessageHoldsParentContextFeedbackAndRecentUpdates() {
        let (builder, roster) = builder()
        let parent = AgentTask(
            sessionID: session.id,
            title: "Whole essay",
            description: "All of it",
            createdBy: "user",
            assignedTo: roster[1].id,
            createdAt: Date(timeIntervalSince1970: 1_700_000_000)
        )
        let task = AgentTask(
            sessionID: session.id,
            title: "Intro",
            description: "Write the intro",
            createdBy: roster[1].id.rawValue,
            assignedTo: roster[0].id,
            parentTaskID: parent.id,
            depth: 1,
            createdAt: Date(timeIntervalSince1970: 1_700_000_000)
        )
        let updates = [
            TaskUpdate(
                taskID: task.id,
                sessionID: session.id,
                kind: .progress,
                author: roster[0].id.rawValue,
                content: "old",
                createdAt: Date(timeIntervalSince1970: 1_700_000_000)
            ),
            TaskUpdate(
                taskID: task.id,
                sessionID: session.id,
                kind: .progress,
                author: roster[0].id.rawValue,
                content: "new",
                createdAt: Date(timeIntervalSince1970: 1_700_000_000)
            ),
            TaskUpdate(
                taskID: task.id,
                sessionID: session.id,
                kind: .feedback,
                author: roster[1].id.rawValue,
                content: "shorter",
                createdAt: Date(timeIntervalSince1970: 1_700_000_000)
            ),
        ]
        let message = builder.taskMessage(
            task: task,
            parent: parent,
            context: [
                ContextEntry(
                    taskID: task.id,
                    key: "tone",
                    value: "formal",
                    updatedAt: Date(timeIntervalSince1970: 1_700_000_000)
                )
            ],
            updates: updates
        )
        #expect(message.contains("(id: \(task.id))"))
        #expect(message.contains("Created by: Researcher"))
        #expect(message.contains("cannot be delegated further"))
        #expect(message.contains("Title: Whole essay"))
        #expect(message.contains("- tone: formal"))
        #expect(message.contains("- from Researcher: shorter"))
        #expect(message.contains("Coordinator: new"))
        #expect(!message.contains("Coordinator: old"))
    }
}
