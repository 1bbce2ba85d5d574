//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation

/// The data of an ``InMemoryStore``, changed only under its lock.
struct MemoryState: Sendable {
    var sessions: [SessionID: Session] = [:]
    var agents: [AgentID: Agent] = [:]
    /// Every task; change it only through ``put(_:)`` and ``insert(_:)``, which keep the indexes.
    private(set) var tasks: [TaskID: AgentTask] = [:]
    /// The pending tasks of each agent, so that a claim does not scan every task.
    private(set) var pendingByAgent: [AgentID: Set<TaskID>] = [:]
    /// The in-progress tasks of each agent and of each session, for a claim's limits and order.
    private(set) var runningByAgent: [AgentID: Set<TaskID>] = [:]
    private(set) var runningBySession: [SessionID: Set<TaskID>] = [:]
    /// The subtasks of each task, in creation order.
    private(set) var childrenByParent: [TaskID: [TaskID]] = [:]
    /// How far the current claim of each in-progress task got.
    var claimProgress: [TaskID: ClaimProgress] = [:]
    /// How many times the processes working each task stopped during its model calls (absent: 0).
    var processStops: [TaskID: Int] = [:]
    /// The last heartbeat of each orchestrator instance.
    var heartbeats: [String: Date] = [:]
    /// The number of each session's last claim (see ``ClaimRules/Key``), and the next number.
    var sessionLastClaim: [SessionID: Int] = [:]
    var nextClaimNumber = 1
    /// Insertion order of tasks, to order tasks created in the same instant.
    var taskOrder: [TaskID: Int] = [:]
    var nextTaskOrder = 0
    var context: [TaskID: [String: ContextEntry]] = [:]
    var updates: [TaskUpdate] = []
    /// The identifiers of ``updates``.
    var updateIDs: Set<String> = []
    var messages: [SessionMessage] = []
    var usage: [UsageRecord] = []
    var turns: [TaskID: [TurnRecord]] = [:]
    /// Each session's stored events, in order (the sequence of `events[s][i]` is `i + 1`).
    var events: [SessionID: [SessionEvent]] = [:]
    /// The store-wide position of each session's last stored event, and the last position given.
    var eventPositions: [SessionID: Int64] = [:]
    var lastEventPosition: Int64 = 0

    func session(_ id: SessionID) throws -> Session {
        guard let session = sessions[id] else { throw AI2AIError.notFound("Session", id) }
        return session
    }

    func agent(_ id: AgentID) throws -> Agent {
        guard let agent = agents[id] else { throw AI2AIError.notFound("Agent", id) }
        return agent
    }

    func task(_ id: TaskID) throws -> AgentTask {
        guard let task = tasks[id] else { throw AI2AIError.notFound("Task", id) }
        return task
    }

    func isOlder(_ lhs: AgentTask, _ rhs: AgentTask) -> Bool {
        if lhs.createdAt != rhs.createdAt { return lhs.createdAt < rhs.createdAt }
        return (taskOrder[lhs.id] ?? 0) < (taskOrder[rhs.id] ?? 0)
    }

    mutating func createSession(_ session: Session, agents newAgents: [Agent]) throws {
        guard sessions[session.id] == nil else {
            throw AI2AIError(.conflict, "Session \(session.id) already exists")
        }
        try StoreRules.checkAgents(newAgents, of: session.id)
        for agent in newAgents where agents[agent.id] != nil {
            throw AI2AIError(.conflict, "Agent \(agent.id) already exists")
        }
        sessions[session.id] = session
        for agent in newAgents { agents[agent.id] = agent }
    }

    mutating func deleteSession(_ id: SessionID) throws {
        _ = try session(id)
        sessions[id] = nil
        agents = agents.filter { $0.value.sessionID != id }
        let removed = tasks.values.filter { $0.sessionID == id }
        for task in removed {
            tasks[task.id] = nil
            pendingByAgent[task.assignedTo] = nil
            runningByAgent[task.assignedTo] = nil
            claimProgress[task.id] = nil
            processStops[task.id] = nil
            childrenByParent[task.id] = nil
            taskOrder[task.id] = nil
            context[task.id] = nil
            turns[task.id] = nil
        }
        runningBySession[id] = nil
        sessionLastClaim[id] = nil
        for update in updates where update.sessionID == id { updateIDs.remove(update.id) }
        updates.removeAll { $0.sessionID == id }
        messages.removeAll { $0.sessionID == id }
        usage.removeAll { $0.sessionID == id }
        events[id] = nil
        eventPositions[id] = nil
    }

    mutating func insert(_ task: AgentTask) {
        put(task)
        if let parent = task.parentTaskID { childrenByParent[parent, default: []].append(task.id) }
        taskOrder[task.id] = nextTaskOrder
        nextTaskOrder += 1
    }

    /// Stores a task's new state and keeps the pending and in-progress indexes in step.
    mutating func put(_ task: AgentTask) {
        if let old = tasks[task.id] {
            if old.status == .pending { pendingByAgent[old.assignedTo]?.remove(task.id) }
            if old.status == .inProgress {
                runningByAgent[old.assignedTo]?.remove(task.id)
                runningBySession[old.sessionID]?.remove(task.id)
            }
        }
        tasks[task.id] = task
        if task.status == .pending { pendingByAgent[task.assignedTo, default: []].insert(task.id) }
        if task.status == .inProgress {
            runningByAgent[task.assignedTo, default: []].insert(task.id)
            runningBySession[task.sessionID, default: []].insert(task.id)
        } else {
            claimProgress[task.id] = nil
        }
    }

    /// How many tasks of an agent are in progress.
    func running(agent: AgentID) -> Int { runningByAgent[agent]?.count ?? 0 }

    /// How many tasks of a session are in progress.
    func running(session: SessionID) -> Int { runningBySession[session]?.count ?? 0 }

    /// The claim-order key of a pending task.
    func claimKey(_ task: AgentTask) -> ClaimRules.Key {
        ClaimRules.Key(
            sessionRunning: running(session: task.sessionID),
            sessionLastClaim: sessionLastClaim[task.sessionID],
            createdAt: task.createdAt,
            order: taskOrder[task.id] ?? 0
        )
    }

    /// The agents that have a pending task.
    var agentsWithPendingTasks: [AgentID] {
        pendingByAgent.compactMap { $0.value.isEmpty ? nil : $0.key }
    }

    /// The oldest pending task of an agent.
    func oldestPending(for agent: AgentID) -> AgentTask? {
        (pendingByAgent[agent] ?? []).compactMap { tasks[$0] }.min(by: isOlder)
    }

    /// The subtasks of a task, in creation order.
    func children(of parent: TaskID) -> [AgentTask] {
        (childrenByParent[parent] ?? []).compactMap { tasks[$0] }
    }
}

/// Holds a ``MemoryState`` on the heap; only ever touched under ``InMemoryStore``'s lock.
final class MemoryStateBox {
    var value = MemoryState()
}
