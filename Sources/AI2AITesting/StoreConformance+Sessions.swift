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
    @Sendable static func sessionsAndAgents(_ store: any AgentStore) async throws {
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        let first = try await Fixture.make(store, agentCount: 3, title: "First", createdAt: base)
        let second = try await Fixture.make(
            store,
            agentCount: 1,
            title: "Second",
            createdAt: base.addingTimeInterval(10)
        )
        let third = try await Fixture.make(store, agentCount: 1, title: "Third", createdAt: base.addingTimeInterval(20))

        let read = try await store.session(first.session.id)
        try requireEqual(read.title, "First", "session title")
        try requireEqual(read.systemPrompt, "Be brief.", "session system prompt")
        try requireEqual(read.tags, ["test"], "session tags")
        try requireSameTime(read.createdAt, base, "session created_at")

        let page1 = try await store.sessions(limit: 2, offset: 0).map(\.id)
        let page2 = try await store.sessions(limit: 2, offset: 2).map(\.id)
        try requireEqual(page1, [third.session.id, second.session.id], "first page, newest first")
        try requireEqual(page2, [first.session.id], "second page")

        let agents = try await store.agents(in: first.session.id)
        try requireEqual(agents.map(\.index), [0, 1, 2], "agents ordered by index")
        try requireEqual(agents.map(\.name), ["Agent 1", "Agent 2", "Agent 3"], "agent names")
        try requireEqual(try await store.agent(first.agents[1].id).role, "Role 2", "agent by id")
        try requireEqual(try await store.agent(in: first.session.id, index: 2).id, first.agents[2].id, "agent by index")

        try await store.setAgentActive(first.agents[0].id, isActive: false)
        try requireEqual(try await store.agent(first.agents[0].id).isActive, false, "agent deactivated")
        try await store.setAgentActive(first.agents[0].id, isActive: true)
        try requireEqual(try await store.agent(first.agents[0].id).isActive, true, "agent reactivated")

        try await requireThrows(.notFound, "unknown session") { try await store.session(SessionID("missing")) }
        try await requireThrows(.notFound, "agents of unknown session") {
            try await store.agents(in: SessionID("missing"))
        }
        try await requireThrows(.notFound, "unknown agent") { try await store.agent(AgentID("missing")) }
        try await requireThrows(.notFound, "unknown agent index") {
            try await store.agent(in: first.session.id, index: 7)
        }
        try await requireThrows(.notFound, "deactivating an unknown agent") {
            try await store.setAgentActive(AgentID("missing"), isActive: false)
        }
        try await requireThrows(.conflict, "duplicate session") {
            try await store.createSession(first.session, agents: [])
        }
        let clash = Session(title: "Clash", createdAt: Fixture.epoch)
        try await requireThrows(.conflict, "two agents with one name") {
            try await store.createSession(
                clash,
                agents: [
                    Agent(sessionID: clash.id, index: 0, name: "Same", role: "r", model: "m", createdAt: Fixture.epoch),
                    Agent(sessionID: clash.id, index: 1, name: "Same", role: "r", model: "m", createdAt: Fixture.epoch),
                ]
            )
        }
        try await requireThrows(.notFound, "a refused session is not stored") { try await store.session(clash.id) }
    }

    @Sendable static func deleteCascades(_ store: any AgentStore) async throws {
        let doomed = try await Fixture.make(store)
        let kept = try await Fixture.make(store)
        for fixture in [doomed, kept] {
            let task = try await store.createTask(fixture.task("root"))
            _ = try await store.createTask(fixture.task("child", agent: 1, parent: task.id))
            try await store.setContext(ContextEntry(taskID: task.id, key: "k", value: "v", updatedAt: Fixture.epoch))
            try await store.appendUpdate(
                TaskUpdate(
                    taskID: task.id,
                    sessionID: fixture.session.id,
                    kind: .progress,
                    author: "a",
                    content: "u",
                    createdAt: Fixture.epoch
                )
            )
            try await store.appendMessage(
                SessionMessage(sessionID: fixture.session.id, role: "user", content: "hi", createdAt: Fixture.epoch)
            )
            try await store.recordUsage(
                UsageRecord(
                    sessionID: fixture.session.id,
                    taskID: task.id,
                    model: "m",
                    inputTokens: 1,
                    outputTokens: 2,
                    createdAt: Fixture.epoch
                )
            )
        }
        let doomedTasks = try await store.tasks(.session(doomed.session.id))
        try await store.deleteSession(doomed.session.id)

        try await requireThrows(.notFound, "deleted session") { try await store.session(doomed.session.id) }
        try await requireThrows(.notFound, "agent of a deleted session") { try await store.agent(doomed.agents[0].id) }
        for task in doomedTasks {
            try await requireThrows(.notFound, "task of a deleted session") { try await store.task(task.id) }
            try requireEqual(try await store.context(of: task.id).count, 0, "context of a deleted task")
        }
        try requireEqual(try await store.tasks(.session(doomed.session.id)).count, 0, "tasks of a deleted session")
        try requireEqual(try await store.updates(.session(doomed.session.id)).count, 0, "updates of a deleted session")
        try requireEqual(try await store.messages(in: doomed.session.id).count, 0, "messages of a deleted session")
        try requireEqual(try await store.usage(.session(doomed.session.id)).calls, 0, "usage of a deleted session")

        try requireEqual(try await store.tasks(.session(kept.session.id)).count, 2, "other session's tasks kept")
        try requireEqual(try await store.updates(.session(kept.session.id)).count, 1, "other session's updates kept")
        try requireEqual(try await store.messages(in: kept.session.id).count, 1, "other session's messages kept")
        try requireEqual(try await store.usage(.session(kept.session.id)).calls, 1, "other session's usage kept")
        try await requireThrows(.notFound, "deleting an unknown session") {
            try await store.deleteSession(doomed.session.id)
        }
    }

    @Sendable static func taskCreateAndFilter(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store, agentCount: 2)
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        let root = try await store.createTask(fixture.task("root", createdAt: base))
        try requireEqual(root.depth, 0, "root depth")
        try requireEqual(root.status, .pending, "new task status")
        var child = fixture.task("child", agent: 1, parent: root.id, createdAt: base.addingTimeInterval(1))
        child.depth = 42
        let storedChild = try await store.createTask(child)
        try requireEqual(storedChild.depth, 1, "child depth is the parent's + 1, whatever was given")
        let grandchild = try await store.createTask(
            fixture.task("grandchild", agent: 0, parent: storedChild.id, createdAt: base.addingTimeInterval(2))
        )
        try requireEqual(grandchild.depth, 2, "grandchild depth")

        let read = try await store.task(storedChild.id)
        try requireEqual(read.title, "child", "title")
        try requireEqual(read.description, "Do child", "description")
        try requireEqual(read.parentTaskID, root.id, "parent")
        try requireEqual(read.assignedTo, fixture.agents[1].id, "assignee")
        try requireEqual(read.createdBy, fixture.agents[0].id.rawValue, "created_by")
        try requireEqual(read.depth, 1, "stored depth")
        try requireSameTime(read.createdAt, base.addingTimeInterval(1), "created_at")

        try requireEqual(
            try await store.tasks(.session(fixture.session.id)).map(\.id),
            [root.id, storedChild.id, grandchild.id],
            "session tasks, oldest first"
        )
        try requireEqual(try await store.children(of: root.id).map(\.id), [storedChild.id], "children")
        try requireEqual(
            try await store.tasks(TaskFilter(assignedTo: fixture.agents[0].id)).map(\.id),
            [root.id, grandchild.id],
            "by assignee"
        )
        try requireEqual(
            try await store.tasks(TaskFilter(sessionID: fixture.session.id, rootsOnly: true)).map(\.id),
            [root.id],
            "roots only"
        )
        _ = try await store.finish(grandchild.id, .completed("done"))
        try requireEqual(
            try await store.tasks(TaskFilter(sessionID: fixture.session.id, statuses: [.completed])).map(\.id),
            [grandchild.id],
            "by status"
        )
        try requireEqual(
            try await store.tasks(TaskFilter(sessionID: fixture.session.id, statuses: [.pending, .completed])).count,
            3,
            "by several statuses"
        )
        try requireEqual(try await store.countTasks(status: .pending), 2, "pending tasks counted")
        try requireEqual(try await store.countTasks(status: .completed), 1, "completed tasks counted")
        try requireEqual(try await store.countTasks(status: .inProgress), 0, "no task in progress")
    }

    @Sendable static func taskCreateErrors(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store)
        let other = try await Fixture.make(store)
        let root = try await store.createTask(fixture.task("root"))
        try await requireThrows(.notFound, "unknown parent") {
            try await store.createTask(fixture.task("orphan", parent: TaskID("missing")))
        }
        try await requireThrows(.notFound, "unknown assignee") {
            var task = fixture.task("nobody's")
            task.assignedTo = AgentID("missing")
            return try await store.createTask(task)
        }
        try await requireThrows(.notFound, "unknown session") {
            var task = fixture.task("lost")
            task.sessionID = SessionID("missing")
            return try await store.createTask(task)
        }
        try await requireThrows(.invalidArgument, "assignee from another session") {
            var task = fixture.task("foreign")
            task.assignedTo = other.agents[0].id
            return try await store.createTask(task)
        }
        try await requireThrows(.invalidArgument, "parent from another session") {
            try await store.createTask(other.task("cross", parent: root.id))
        }
        try await requireThrows(.conflict, "duplicate task id") { try await store.createTask(root) }
        _ = try await store.finish(root.id, .completed("done"))
        try await requireThrows(.invalidTransition, "subtask under a finished parent") {
            try await store.createTask(fixture.task("late", parent: root.id))
        }
        try await requireThrows(.notFound, "unknown task") { try await store.task(TaskID("missing")) }
    }
}
