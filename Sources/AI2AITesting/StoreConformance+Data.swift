//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Foundation

extension StoreConformance {
    @Sendable static func commitTurn(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store)
        let task = try await fixture.claimed(store, "coordinate", owner: "me")
        let payload = Data("{\"messages\":[]}".utf8)
        let subtask = fixture.task("research", agent: 1, parent: task.id)

        try await requireThrows(.leaseLost, "committing without the lease") {
            try await store.commitTurn(
                TurnCommit(
                    turn: TurnRecord(taskID: task.id, index: 0, payload: payload, createdAt: Fixture.epoch),
                    leaseOwner: "thief"
                )
            )
        }
        let first = try await store.commitTurn(
            TurnCommit(
                turn: TurnRecord(taskID: task.id, index: 0, payload: payload, createdAt: Fixture.epoch),
                leaseOwner: "me",
                context: [ContextEntry(taskID: task.id, key: "plan", value: "split", updatedAt: Fixture.epoch)],
                updates: [
                    TaskUpdate(
                        taskID: task.id,
                        sessionID: fixture.session.id,
                        kind: .progress,
                        author: "a",
                        content: "thinking",
                        createdAt: Fixture.epoch
                    )
                ],
                usage: UsageRecord(
                    sessionID: fixture.session.id,
                    taskID: task.id,
                    agentID: fixture.agents[0].id,
                    model: "m",
                    inputTokens: 10,
                    outputTokens: 5,
                    createdAt: Fixture.epoch
                )
            )
        )
        try requireEqual(first.task.status, .inProgress, "continue keeps the task in progress")
        try await requireThrows(.conflict, "committing a turn twice") {
            try await store.commitTurn(
                TurnCommit(
                    turn: TurnRecord(taskID: task.id, index: 0, payload: payload, createdAt: Fixture.epoch),
                    leaseOwner: "me"
                )
            )
        }
        let second = try await store.commitTurn(
            TurnCommit(
                turn: TurnRecord(taskID: task.id, index: 1, payload: Data("second".utf8), createdAt: Fixture.epoch),
                leaseOwner: "me",
                subtasks: [subtask],
                updates: [
                    TaskUpdate(
                        taskID: task.id,
                        sessionID: fixture.session.id,
                        kind: .delegation,
                        author: "a",
                        content: "delegated",
                        createdAt: Fixture.epoch
                    )
                ],
                outcome: .waitForChildren
            )
        )
        try requireEqual(second.task.status, .waiting, "delegating turn parks the task")
        try requireEqual(second.subtasks.map(\.id), [subtask.id], "subtask returned")
        try requireEqual(second.subtasks.first?.depth, 1, "subtask depth")
        try requireEqual(try await store.task(subtask.id).status, .pending, "subtask stored pending")
        let turns = try await store.turns(of: task.id)
        try requireEqual(turns.map(\.index), [0, 1], "turns in order")
        try requireEqual(turns.map(\.payload), [payload, Data("second".utf8)], "turn payloads")
        try requireEqual(try await store.context(of: task.id).map(\.value), ["split"], "context stored")
        try requireEqual(
            try await store.updates(.task(task.id)).map(\.content),
            ["thinking", "delegated"],
            "updates stored"
        )
        try requireEqual(try await store.usage(.task(task.id)).inputTokens, 10, "usage stored")

        let worker = try await store.claimNextTask(
            for: fixture.agents[1].id,
            lease: Lease(owner: "w", duration: .seconds(60))
        )
        try requireEqual(worker?.id, subtask.id, "the subtask is claimable")
        let done = try await store.commitTurn(
            TurnCommit(
                turn: TurnRecord(taskID: subtask.id, index: 0, payload: payload, createdAt: Fixture.epoch),
                leaseOwner: "w",
                outcome: .finish(.completed("findings"))
            )
        )
        try requireEqual(done.task.status, .completed, "finishing turn completes the task")
        try requireEqual(done.resumedParent?.id, task.id, "and resumes the parent")
        try requireEqual(try await store.task(task.id).status, .pending, "parent pending again")
    }

    @Sendable static func commitTurnIsAtomic(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store)
        let task = try await fixture.claimed(store, "careful", owner: "me")
        var bad = fixture.task("impossible", agent: 1, parent: task.id)
        bad.assignedTo = AgentID("missing")
        try await requireThrows(.notFound, "a turn with a subtask for an unknown agent") {
            try await store.commitTurn(
                TurnCommit(
                    turn: TurnRecord(taskID: task.id, index: 0, payload: Data("x".utf8), createdAt: Fixture.epoch),
                    leaseOwner: "me",
                    subtasks: [fixture.task("fine", agent: 1, parent: task.id), bad],
                    context: [ContextEntry(taskID: task.id, key: "k", value: "v", updatedAt: Fixture.epoch)],
                    updates: [
                        TaskUpdate(
                            taskID: task.id,
                            sessionID: fixture.session.id,
                            kind: .progress,
                            author: "a",
                            content: "u",
                            createdAt: Fixture.epoch
                        )
                    ],
                    usage: UsageRecord(
                        sessionID: fixture.session.id,
                        taskID: task.id,
                        model: "m",
                        inputTokens: 1,
                        outputTokens: 1,
                        createdAt: Fixture.epoch
                    ),
                    outcome: .waitForChildren
                )
            )
        }
        try requireEqual(try await store.turns(of: task.id).count, 0, "no turn stored")
        try requireEqual(try await store.children(of: task.id).count, 0, "no subtask stored")
        try requireEqual(try await store.context(of: task.id).count, 0, "no context stored")
        try requireEqual(try await store.updates(.task(task.id)).count, 0, "no update stored")
        try requireEqual(try await store.usage(.task(task.id)).calls, 0, "no usage stored")
        let unchanged = try await store.task(task.id)
        try requireEqual(unchanged.status, .inProgress, "task unchanged")
        try requireEqual(unchanged.leaseOwner, "me", "lease kept")
    }

    @Sendable static func largeAndUnicode(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store)
        let unicode = "Zoë 🧑🏽‍💻 日本語 עברית e\u{301} 𝄞 \"quoted\" 'single' \\ back\nnew line\ttab"
        var task = fixture.task(unicode)
        task.description = unicode + " description"
        let created = try await store.createTask(task)
        try requireEqual(try await store.task(created.id).title, unicode, "unicode title")
        try requireEqual(try await store.task(created.id).description, unicode + " description", "unicode description")

        let unit = "0123456789abcdef→é🙂"
        let big = String(repeating: unit, count: (1_048_576 / unit.utf8.count) + 1)
        try require(big.utf8.count >= 1_048_576, "the result is at least 1 MB")
        _ = try await store.finish(created.id, .completed(big))
        try requireEqual(try await store.task(created.id).result, big, "1 MB result round-trips")

        try await store.setContext(
            ContextEntry(taskID: created.id, key: "ключ🔑", value: unicode, updatedAt: Fixture.epoch)
        )
        try requireEqual(try await store.context(of: created.id).first?.key, "ключ🔑", "unicode context key")
        try requireEqual(try await store.context(of: created.id).first?.value, unicode, "unicode context value")
        try await store.appendUpdate(
            TaskUpdate(
                taskID: created.id,
                sessionID: fixture.session.id,
                kind: .feedback,
                author: "Zoë",
                content: unicode,
                createdAt: Fixture.epoch
            )
        )
        try requireEqual(try await store.updates(.task(created.id)).first?.content, unicode, "unicode update")
        try await store.appendMessage(
            SessionMessage(sessionID: fixture.session.id, role: "user", content: unicode, createdAt: Fixture.epoch)
        )
        try requireEqual(try await store.messages(in: fixture.session.id).first?.content, unicode, "unicode message")
    }

    @Sendable static func contextUpsert(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store)
        let task = try await store.createTask(fixture.task("notes"))
        try await store.setContext(ContextEntry(taskID: task.id, key: "b", value: "first", updatedAt: Fixture.epoch))
        try await store.setContext(ContextEntry(taskID: task.id, key: "a", value: "alpha", updatedAt: Fixture.epoch))
        try await store.setContext(ContextEntry(taskID: task.id, key: "b", value: "second", updatedAt: Fixture.epoch))
        let entries = try await store.context(of: task.id)
        try requireEqual(entries.map(\.key), ["a", "b"], "one entry per key, ordered by key")
        try requireEqual(entries.map(\.value), ["alpha", "second"], "the last value wins")
        try await requireThrows(.notFound, "context on an unknown task") {
            try await store.setContext(
                ContextEntry(taskID: TaskID("missing"), key: "k", value: "v", updatedAt: Fixture.epoch)
            )
        }
    }

    @Sendable static func updatesAndMessagesOrder(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store)
        let first = try await store.createTask(fixture.task("one"))
        let second = try await store.createTask(fixture.task("two", agent: 1))
        let instant = Date(timeIntervalSince1970: 1_700_000_000)
        var expected: [String] = []
        for index in 0..<50 {
            let task = index.isMultiple(of: 2) ? first : second
            let kind: TaskUpdate.Kind = [.progress, .feedback, .delegation, .system][index % 4]
            // Same timestamp for all: order must come from the order of appending.
            try await store.appendUpdate(
                TaskUpdate(
                    taskID: task.id,
                    sessionID: fixture.session.id,
                    kind: kind,
                    author: "a",
                    content: "u\(index)",
                    createdAt: instant
                )
            )
            expected.append("u\(index)")
        }
        try requireEqual(
            try await store.updates(.session(fixture.session.id)).map(\.content),
            expected,
            "session updates in order"
        )
        try requireEqual(
            try await store.updates(.task(first.id)).map(\.content),
            expected.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element),
            "task updates in order"
        )
        try requireEqual(try await store.updates(.task(second.id)).first?.kind, .feedback, "update kind kept")
        try await requireThrows(.notFound, "update on an unknown task") {
            try await store.appendUpdate(
                TaskUpdate(
                    taskID: TaskID("missing"),
                    sessionID: fixture.session.id,
                    kind: .progress,
                    author: "a",
                    content: "x",
                    createdAt: Fixture.epoch
                )
            )
        }
        for index in 0..<20 {
            try await store.appendMessage(
                SessionMessage(
                    sessionID: fixture.session.id,
                    role: index.isMultiple(of: 2) ? "user" : "assistant",
                    content: "m\(index)",
                    createdAt: instant
                )
            )
        }
        let messages = try await store.messages(in: fixture.session.id)
        try requireEqual(messages.map(\.content), (0..<20).map { "m\($0)" }, "messages in order")
        try requireEqual(messages.first?.role, "user", "message role kept")
        try await requireThrows(.notFound, "message in an unknown session") {
            try await store.appendMessage(
                SessionMessage(sessionID: SessionID("missing"), role: "user", content: "x", createdAt: Fixture.epoch)
            )
        }
    }

    @Sendable static func usageSums(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store)
        let task = try await store.createTask(fixture.task("counted"))
        let (a, b) = (fixture.agents[0].id, fixture.agents[1].id)
        try await store.recordUsage(
            UsageRecord(
                sessionID: fixture.session.id,
                taskID: task.id,
                agentID: a,
                model: "m",
                inputTokens: 100,
                outputTokens: 20,
                createdAt: Fixture.epoch
            )
        )
        try await store.recordUsage(
            UsageRecord(
                sessionID: fixture.session.id,
                taskID: task.id,
                agentID: b,
                model: "m",
                inputTokens: 50,
                outputTokens: 5,
                createdAt: Fixture.epoch
            )
        )
        try await store.recordUsage(
            UsageRecord(
                sessionID: fixture.session.id,
                model: "feedback",
                inputTokens: 7,
                outputTokens: 3,
                createdAt: Fixture.epoch
            )
        )
        try requireEqual(
            try await store.usage(.session(fixture.session.id)),
            UsageTotals(calls: 3, inputTokens: 157, outputTokens: 28),
            "session totals"
        )
        try requireEqual(
            try await store.usage(.task(task.id)),
            UsageTotals(calls: 2, inputTokens: 150, outputTokens: 25),
            "task totals"
        )
        try requireEqual(
            try await store.usage(.agent(b)),
            UsageTotals(calls: 1, inputTokens: 50, outputTokens: 5),
            "agent totals"
        )
        try requireEqual(try await store.usage(.agent(AgentID("nobody"))), UsageTotals(), "no calls: zero")
        try await requireThrows(.notFound, "usage in an unknown session") {
            try await store.recordUsage(
                UsageRecord(
                    sessionID: SessionID("missing"),
                    model: "m",
                    inputTokens: 1,
                    outputTokens: 1,
                    createdAt: Fixture.epoch
                )
            )
        }
    }
}
