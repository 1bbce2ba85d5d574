//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Foundation

extension TaskWorker {
    /// Checks a delegation and adds its subtask to the plan; returns the result shown to the model.
    ///
    /// Refused, with the reason: an unknown agent, the agent itself, an empty title or description,
    /// a delegation on the task's last turn (no turn would be left to read the result), and calls
    /// beyond ``Orchestrator/Limits/maxSubtasksPerTask``. Going deeper than
    /// ``Orchestrator/Limits/maxDelegationDepth`` fails the task.
    func delegate(
        to name: String,
        title: String,
        description: String,
        plan: inout TurnPlan,
        in situation: TurnSituation
    ) -> String {
        let task = situation.task
        let others = roster.filter { $0.id != agent.id }
        let choices = others.isEmpty ? "nobody (you work alone)" : others.map(\.name).joined(separator: ", ")
        guard let target = resolveAgent(name) else {
            return "Refused: there is no agent named '\(name)'. You can delegate to: \(choices)."
        }
        guard target.id != agent.id else {
            return
                "Refused: you cannot delegate to yourself (\(agent.name)). Do the work yourself, or delegate to: \(choices)."
        }
        guard !title.isBlank, !description.isBlank else {
            return "Refused: delegate_task needs a non-empty 'title' and 'description'; they are all "
                + "\(target.name) learns about the subtask."
        }
        guard task.depth + 1 <= limits.maxDelegationDepth else {
            let reason =
                "Delegation depth limit reached: task \"\(task.title)\" is at depth \(task.depth) and "
                + "subtasks may not be deeper than \(limits.maxDelegationDepth)"
            plan.dropSubtasks()
            plan.outcome = .finish(.failed(reason))
            return "Failed: \(reason)."
        }
        guard situation.turn + 1 < limits.maxTurnsPerTask else {
            return "Refused: this is your last turn (\(situation.turn + 1) of \(limits.maxTurnsPerTask)), so no turn "
                + "would be left to read the subtask's result. Do the work yourself and complete or fail the task now."
        }
        let created = situation.children.count + plan.subtasks.count
        guard created < limits.maxSubtasksPerTask else {
            return "Refused: a task may create at most \(limits.maxSubtasksPerTask) subtasks, and this one has "
                + "\(created) already. Do this part yourself, or work with the subtasks you have."
        }
        let child = AgentTask(
            sessionID: session.id,
            title: title,
            description: description,
            createdBy: agent.id.rawValue,
            assignedTo: target.id,
            parentTaskID: task.id,
            depth: task.depth + 1,
            createdAt: services.clock.now
        )
        plan.delegate(
            child,
            update: TaskUpdate(
                taskID: task.id,
                sessionID: session.id,
                kind: .delegation,
                author: agent.id.rawValue,
                content: "Delegated \"\(title)\" to \(target.name) (task \(child.id))",
                createdAt: child.createdAt
            )
        )
        return "Delegated to \(target.name) as task \(child.id). Your task waits for its subtasks and then "
            + "continues with their results."
    }

    /// Finds an agent of the session by name (exact, then ignoring case), role, or identifier.
    func resolveAgent(_ reference: String) -> Agent? {
        let wanted = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        let roster = roster
        return roster.first { $0.name == wanted }
            ?? roster.first { $0.name.caseInsensitiveCompare(wanted) == .orderedSame }
            ?? roster.first { $0.role.caseInsensitiveCompare(wanted) == .orderedSame }
            ?? roster.first { $0.id.rawValue == wanted }
    }
}
