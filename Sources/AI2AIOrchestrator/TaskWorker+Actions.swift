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

/// Where the task stands when an answer's actions are applied: what they are checked against.
struct TurnSituation: Sendable {
    /// The task being worked.
    var task: AgentTask
    /// Its subtasks from earlier turns.
    var children: [AgentTask]
    /// The 0-based index of the turn.
    var turn: Int
}

extension TaskWorker {
    /// Reads the actions of a model answer (tool calls, or fenced blocks when there are none),
    /// applies them in order to a plan, and writes their results back as messages.
    ///
    /// Every action is checked before it joins the plan, against what the store would accept and
    /// against the limits; a refused action changes nothing and its result says why, so the model
    /// can correct it. The other actions of the answer are kept.
    func interpret(
        _ response: ModelResponse,
        in situation: TurnSituation,
        builder: PromptBuilder
    ) async throws -> TurnPlan {
        var plan = TurnPlan()
        plan.text = response.text
        let turn = situation.turn
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
                let result = try await apply(action, to: &plan, in: situation)
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
            let result = try await apply(block.action, to: &plan, in: situation)
            lines.append("\(position + 1). ```\(block.tag): \(result)")
        }
        plan.messages.append(.user(lines.joined(separator: "\n")))
        return plan
    }

    /// Applies one action to the plan; returns the result shown to the model.
    private func apply(
        _ parsed: Result<AgentAction, ActionError>,
        to plan: inout TurnPlan,
        in situation: TurnSituation
    ) async throws -> String {
        guard !plan.endsTask else {
            return "Not applied: the task already ended earlier in this answer."
        }
        let action: AgentAction
        switch parsed {
        case .failure(let error): return "Error: \(error.message)"
        case .success(let value): action = value
        }
        let task = situation.task
        let author = agent.id.rawValue
        switch action {
        case .delegate(let name, let title, let description):
            return delegate(to: name, title: title, description: description, plan: &plan, in: situation)
        case .complete(let result):
            if let refusal = openSubtasksRefusal(plan: plan, in: situation) { return refusal }
            plan.outcome = .finish(.completed(result))
            return "Task completed."
        case .fail(let reason):
            if let refusal = openSubtasksRefusal(plan: plan, in: situation) { return refusal }
            plan.outcome = .finish(.failed(reason))
            return "Task failed."
        case .addContext(let key, let value):
            guard !key.isBlank else { return "Refused: add_context needs a non-empty 'key'." }
            plan.context.append(ContextEntry(taskID: task.id, key: key, value: value, updatedAt: services.clock.now))
            return "Context entry '\(key)' set."
        case .postUpdate(let content):
            guard !content.isBlank else { return "Refused: post_update needs some 'content'." }
            plan.updates.append(
                TaskUpdate(
                    taskID: task.id,
                    sessionID: session.id,
                    kind: .progress,
                    author: author,
                    content: content,
                    createdAt: services.clock.now
                )
            )
            return "Update posted."
        case .giveFeedback(let taskID, let feedback):
            guard !feedback.isBlank else { return "Refused: give_feedback needs some 'feedback'." }
            let target: AgentTask
            do {
                target = try await withStoreRetry {
                    try await store.task(TaskID(taskID.trimmingCharacters(in: .whitespaces)))
                }
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
                    createdAt: services.clock.now
                )
            )
            return "Feedback given on task \(target.id)."
        }
    }

    /// Why the task may not complete or fail yet: subtasks it delegated are still open. `nil` when
    /// none is.
    private func openSubtasksRefusal(plan: TurnPlan, in situation: TurnSituation) -> String? {
        let open = situation.children.filter { !$0.status.isTerminal } + plan.subtasks
        guard !open.isEmpty else { return nil }
        let list = open.map { subtask in
            let assignee = roster.first { $0.id == subtask.assignedTo }?.name ?? subtask.assignedTo.rawValue
            return "\"\(subtask.title)\" (task \(subtask.id), \(assignee))"
        }
        return "Refused: your subtasks are still running: \(list.joined(separator: ", ")). Your task waits for "
            + "them; once they have all finished you continue with their results, and can complete or fail it then."
    }
}

extension String {
    /// Whether the text is empty or only white space.
    var isBlank: Bool { trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}
