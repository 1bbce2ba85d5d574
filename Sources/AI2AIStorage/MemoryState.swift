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
    /// The number of each session's last claim (see ``ClaimRules/Key``), and the next number.
    var sessionLastClaim: [SessionID: Int] = [:]
    var nextClaimNumber = 1
    /// Insertion order of tasks, to order tasks created in the same instant.
    var taskOrder: [TaskID: Int] = [:]
    var nextTaskOrder = 0
    var context: [TaskID: [String: ContextEntry]] = [:]
    var updates: [TaskUpdate] = []
    var messages: [SessionMessage] = []
    var usage: [UsageRecord] = []
    var turns: [TaskID: [TurnRecord]] = [:]

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

    func leasedTask(_ id: TaskID, owner: String) throws -> AgentTask {
        let task = try task(id)
        try StoreRules.checkLease(task, owner: owner)
        return task
    }

    func isOlder(_ lhs: AgentTask, _ rhs: AgentTask) -> Bool {
        if lhs.createdAt != rhs.createdAt { return lhs.createdAt < rhs.createdAt }
        return (taskOrder[lhs.id] ?? 0) < (taskOrder[rhs.id] ?? 0)
    }

    func checkSameSession(_ taskID: TaskID, as task: AgentTask) throws {
        try checkSameSession(taskID, sessionID: task.sessionID)
    }

    func checkSameSession(_ taskID: TaskID, sessionID: SessionID) throws {
        let target = try task(taskID)
        guard target.sessionID == sessionID else {
            throw AI2AIError(.invalidArgument, "Task \(taskID) belongs to another session")
        }
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
            childrenByParent[task.id] = nil
            taskOrder[task.id] = nil
            context[task.id] = nil
            turns[task.id] = nil
        }
        runningBySession[id] = nil
        sessionLastClaim[id] = nil
        updates.removeAll { $0.sessionID == id }
        messages.removeAll { $0.sessionID == id }
        usage.removeAll { $0.sessionID == id }
    }

    /// Checks a new task and returns it as it will be stored.
    func validateNewTask(_ task: AgentTask, now: Date) throws -> AgentTask {
        _ = try session(task.sessionID)
        guard tasks[task.id] == nil else { throw AI2AIError(.conflict, "Task \(task.id) already exists") }
        let assignee = try agent(task.assignedTo)
        guard assignee.sessionID == task.sessionID else {
            throw AI2AIError(.invalidArgument, "Agent \(assignee.id) belongs to another session")
        }
        var stored = task
        if let parentID = task.parentTaskID {
            let parent = try self.task(parentID)
            try StoreRules.checkNewTask(task, parent: parent)
            stored.depth = parent.depth + 1
        } else {
            try StoreRules.checkNewTask(task, parent: nil)
            stored.depth = 0
        }
        return stored
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

    /// Applies a claim that ``TaskLifecycle/claimed(_:lease:now:)`` computed.
    mutating func applyClaim(_ task: AgentTask) {
        put(task)
        claimProgress[task.id] = .claimed
        sessionLastClaim[task.sessionID] = nextClaimNumber
        nextClaimNumber += 1
    }

    /// The oldest pending task of an agent.
    func oldestPending(for agent: AgentID) -> AgentTask? {
        (pendingByAgent[agent] ?? []).compactMap { tasks[$0] }.min(by: isOlder)
    }

    /// The subtasks of a task, in creation order.
    func children(of parent: TaskID) -> [AgentTask] {
        (childrenByParent[parent] ?? []).compactMap { tasks[$0] }
    }

    /// Whether a task has a subtask that is not finished.
    func hasOpenChild(_ parent: TaskID) -> Bool {
        (childrenByParent[parent] ?? []).contains { tasks[$0]?.status.isOpen == true }
    }

    /// Ends a task (already checked) and resumes its waiting parent when it was the last open child.
    mutating func finish(_ task: AgentTask, _ outcome: TaskOutcome, now: Date) -> FinishResult {
        var task = task
        task.status = outcome.status
        switch outcome {
        case .completed(let result): task.result = result
        case .failed(let error), .cancelled(let error): task.error = error
        }
        task.completedAt = now
        task.updatedAt = now
        task.leaseOwner = nil
        task.leaseExpiresAt = nil
        put(task)
        var resumed: AgentTask?
        if let parentID = task.parentTaskID, var parent = tasks[parentID], parent.status == .waiting,
            !hasOpenChild(parentID)
        {
            parent.status = .pending
            parent.updatedAt = now
            put(parent)
            resumed = parent
        }
        return FinishResult(task: task, resumedParent: resumed)
    }

    /// Parks an in-progress task (already checked) until its children finish.
    mutating func park(_ task: AgentTask, now: Date) -> AgentTask {
        var task = task
        task.status = hasOpenChild(task.id) ? .waiting : .pending
        task.leaseOwner = nil
        task.leaseExpiresAt = nil
        task.updatedAt = now
        put(task)
        return task
    }
}

/// Holds a ``MemoryState`` on the heap; only ever touched under ``InMemoryStore``'s lock.
final class MemoryStateBox {
    var value = MemoryState()
}
