//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIProviders
import AI2AIStorage
import Foundation

/// What one model turn does: the messages it adds to the conversation and its effects, all
/// stored together by one ``AgentStore/commitTurn(_:)``.
struct TurnPlan: Sendable {
    var messages: [ChatMessage] = []
    var subtasks: [AgentTask] = []
    var context: [ContextEntry] = []
    var updates: [TaskUpdate] = []
    /// Set by `complete_task`, `fail_task` or a limit.
    var outcome: TaskOutcome?
}

extension TaskWorker {
    /// Reads the actions of a model answer (tool calls, or fenced blocks when there are none),
    /// applies them in order to a plan, and writes their results back as messages.
    func interpret(
        _ response: ModelResponse,
        task: AgentTask,
        existingSubtasks: Int,
        turn: Int,
        builder: PromptBuilder
    ) async throws -> TurnPlan {
        var plan = TurnPlan()
        if !response.toolCalls.isEmpty {
            var calls = response.toolCalls
            for position in calls.indices where (calls[position].id ?? "").isEmpty {
                calls[position].id = "call_\(turn)_\(position)"
            }
            plan.messages.append(.assistant(response.text, toolCalls: calls))
            for (position, call) in calls.enumerated() {
                let action: Result<AgentAction, ActionError>
                if call.arguments == .null, let raw = call.rawArguments, !raw.isEmpty {
                    action = .failure(
                        ActionError("The arguments of \(call.name) are not valid JSON, so it was not applied.")
                    )
                } else {
                    action = AgentAction.parse(name: call.name, arguments: call.arguments)
                }
                let result = try await apply(action, to: &plan, task: task, existingSubtasks: existingSubtasks)
                plan.messages.append(
                    .tool(callID: call.id ?? "call_\(turn)_\(position)", name: call.name, content: result)
                )
            }
            return plan
        }
        plan.messages.append(.assistant(response.text))
        let blocks = FencedBlockParser().blocks(in: response.text)
        guard !blocks.isEmpty else {
            plan.messages.append(.user(builder.noActionMessage))
            return plan
        }
        var lines = ["Results of your action blocks, in order:"]
        for (position, block) in blocks.enumerated() {
            let result = try await apply(block.action, to: &plan, task: task, existingSubtasks: existingSubtasks)
            lines.append("\(position + 1). ```\(block.tag): \(result)")
        }
        plan.messages.append(.user(lines.joined(separator: "\n")))
        return plan
    }

    /// Applies one action to the plan; returns the result shown to the model.
    private func apply(
        _ parsed: Result<AgentAction, ActionError>,
        to plan: inout TurnPlan,
        task: AgentTask,
        existingSubtasks: Int
    ) async throws -> String {
        guard plan.outcome == nil else {
            return "Not applied: the task already ended earlier in this answer."
        }
        let action: AgentAction
        switch parsed {
        case .failure(let error): return "Error: \(error.message)"
        case .success(let value): action = value
        }
        let author = agent.id.rawValue
        switch action {
        case .delegate(let name, let title, let description):
            return delegate(
                to: name,
                title: title,
                description: description,
                plan: &plan,
                task: task,
                existingSubtasks: existingSubtasks
            )
        case .complete(let result):
            plan.outcome = .completed(result)
            return "Task completed."
        case .fail(let reason):
            plan.outcome = .failed(reason)
            return "Task failed."
        case .addContext(let key, let value):
            plan.context.append(ContextEntry(taskID: task.id, key: key, value: value, updatedAt: runtime.clock.now))
            return "Context entry '\(key)' set."
        case .postUpdate(let content):
            plan.updates.append(
                TaskUpdate(
                    taskID: task.id,
                    sessionID: session.id,
                    kind: .progress,
                    author: author,
                    content: content,
                    createdAt: runtime.clock.now
                )
            )
            return "Update posted."
        case .giveFeedback(let taskID, let feedback):
            let target: AgentTask
            do {
                target = try await store.task(TaskID(taskID.trimmingCharacters(in: .whitespaces)))
            } catch AI2AIError.Code.notFound {
                return "Refused: there is no task \(taskID) in this session."
            }
            guard target.sessionID == session.id else { return "Refused: there is no task \(taskID) in this session." }
            guard target.id != task.id else {
                return "Refused: give_feedback is for other tasks; use post_update on your own task."
            }
            plan.updates.append(
                TaskUpdate(
                    taskID: target.id,
                    sessionID: session.id,
                    kind: .feedback,
                    author: author,
                    content: feedback,
                    createdAt: runtime.clock.now
                )
            )
            return "Feedback given on task \(target.id)."
        }
    }

    private func delegate(
        to name: String,
        title: String,
        description: String,
        plan: inout TurnPlan,
        task: AgentTask,
        existingSubtasks: Int
    ) -> String {
        let others = runner.roster.filter { $0.id != agent.id }
        let choices = others.isEmpty ? "nobody (you work alone)" : others.map(\.name).joined(separator: ", ")
        guard let target = resolveAgent(name) else {
            return "Refused: there is no agent named '\(name)'. You can delegate to: \(choices)."
        }
        guard target.id != agent.id else {
            return
                "Refused: you cannot delegate to yourself (\(agent.name)). Do the work yourself, or delegate to: \(choices)."
        }
        guard task.depth + 1 <= limits.maxDelegationDepth else {
            let reason =
                "Delegation depth limit reached: task \"\(task.title)\" is at depth \(task.depth) and "
                + "subtasks may not be deeper than \(limits.maxDelegationDepth)"
            plan.subtasks = []
            plan.outcome = .failed(reason)
            return "Failed: \(reason)."
        }
        guard existingSubtasks + plan.subtasks.count < limits.maxSubtasksPerTask else {
            let reason = "Subtask limit reached: a task may delegate at most \(limits.maxSubtasksPerTask) subtasks"
            plan.subtasks = []
            plan.outcome = .failed(reason)
            return "Failed: \(reason)."
        }
        let child = AgentTask(
            sessionID: session.id,
            title: title,
            description: description,
            createdBy: agent.id.rawValue,
            assignedTo: target.id,
            parentTaskID: task.id,
            depth: task.depth + 1,
            createdAt: runtime.clock.now
        )
        plan.subtasks.append(child)
        plan.updates.append(
            TaskUpdate(
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
        let roster = runner.roster
        return roster.first { $0.name == wanted }
            ?? roster.first { $0.name.caseInsensitiveCompare(wanted) == .orderedSame }
            ?? roster.first { $0.role.caseInsensitiveCompare(wanted) == .orderedSame }
            ?? roster.first { $0.id.rawValue == wanted }
    }
}
