//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation

/// Builds the texts an agent's model sees (DESIGN.md section 6): who the agent is, its team,
/// the task with its parent, context, updates, feedback and subtask results.
struct PromptBuilder: Sendable {
    var agent: Agent
    var session: Session
    var roster: [Agent]
    var limits: Orchestrator.Limits
    var updatesInPrompt: Int

    private var others: [Agent] { roster.filter { $0.id != agent.id } }

    /// The system prompt: identity, the session's prompt, the team and how to act.
    func systemPrompt() -> String {
        var lines = ["You are \(agent.name), an AI agent with the role: \(agent.role)."]
        if let prompt = session.systemPrompt, !prompt.isEmpty {
            lines += ["", prompt]
        }
        lines += [""]
        if others.isEmpty {
            lines += ["You work alone in this session."]
        } else {
            lines += ["You work in a team. The other agents of this session:"]
            lines += others.map { "- \($0.name) (role: \($0.role))" }
        }
        lines += [
            "",
            "Work on the task you are given. When it is done, complete it with its full result. If part of "
                + "it suits another agent better, delegate a subtask to that agent: your task then waits, and "
                + "you continue with the subtasks' results once they have all finished. You cannot delegate "
                + "to yourself. Keep notes with context entries, post updates on your progress, and give "
                + "feedback on other tasks of the session by their id.",
        ]
        switch agent.actionFormat {
        case .toolCalls:
            lines += ["", "Act only through your tools; plain text alone does not finish the task."]
        case .fencedBlocks:
            lines += ["", Self.fencedBlockInstructions]
        }
        return lines.joined(separator: "\n")
    }

    /// The opening user message: the task and everything known about it. (The results of its
    /// subtasks come in ``subtasksFinishedMessage(children:)`` notes, which are stored with the turns.)
    func taskMessage(task: AgentTask, parent: AgentTask?, context: [ContextEntry], updates: [TaskUpdate]) -> String {
        var lines = [
            "You have been assigned the following task (id: \(task.id)):",
            "Title: \(task.title)",
            "Description: \(task.description)",
            "Created by: \(name(of: task.createdBy))",
        ]
        if task.depth >= limits.maxDelegationDepth {
            lines.append("This task is at the deepest delegation level: it cannot be delegated further.")
        }
        if let parent {
            lines += [
                "", "This task is part of a larger task (id: \(parent.id)):",
                "Title: \(parent.title)", "Description: \(parent.description)",
            ]
        }
        if !context.isEmpty {
            lines += ["", "Context entries:"] + context.map { "- \($0.key): \($0.value)" }
        }
        let feedback = updates.filter { $0.kind == .feedback }
        if !feedback.isEmpty {
            lines += ["", "Feedback received:"] + feedback.map { "- from \(name(of: $0.author)): \($0.content)" }
        }
        let recent = updates.filter { $0.kind != .feedback }.suffix(max(updatesInPrompt, 0))
        if !recent.isEmpty {
            lines += ["", "Recent updates:"]
            lines += recent.map { "- \(ISO8601.string(from: $0.createdAt)) \(name(of: $0.author)): \($0.content)" }
        }
        lines += ["", "Please start working on this task now."]
        return lines.joined(separator: "\n")
    }

    /// The note that resumes a task whose subtasks have all finished.
    func subtasksFinishedMessage(children: [AgentTask]) -> String {
        (["All of your subtasks have finished:"] + children.map(describe)
            + ["", "Continue with your task, using these results."]).joined(separator: "\n")
    }

    /// The note before each model call: how many turns the task has left and, while the agent may
    /// delegate, how many subtasks it may still create. It is stored with the turn.
    /// - Parameters:
    ///   - turn: The 0-based index of the turn about to be taken.
    ///   - task: The task.
    ///   - subtasksCreated: How many subtasks the task has created so far.
    func turnNote(turn: Int, task: AgentTask, subtasksCreated: Int) -> String {
        let number = turn + 1
        let limit = limits.maxTurnsPerTask
        if number > limit {
            return "Turn \(number), past the limit of \(limit) turns: this extra turn is for reading your subtasks' "
                + "results. Complete or fail the task now; a delegation would be refused."
        }
        if number == limit {
            return "Turn \(number) of \(limit): this is your last turn. Complete or fail the task now; a delegation "
                + "would be refused, since no turn would be left to read its results."
        }
        var note = "Turn \(number) of \(limit) (\(limit - number) left after this one; the last one cannot delegate)."
        if !others.isEmpty, task.depth < limits.maxDelegationDepth {
            let left = max(limits.maxSubtasksPerTask - subtasksCreated, 0)
            note +=
                left > 0
                ? " You may create \(left) more subtask\(left == 1 ? "" : "s")."
                : " This task has created the most subtasks it may (\(limits.maxSubtasksPerTask)); more delegations "
                    + "are refused."
        }
        return note
    }

    /// The note after an answer that took no action.
    var noActionMessage: String {
        switch agent.actionFormat {
        case .toolCalls:
            "You did not call any tool. Call complete_task with your result when you are done, "
                + "or use another tool to continue."
        case .fencedBlocks:
            "You did not write any action block. Write a ```complete block with your result when you are "
                + "done, or another block to continue."
        }
    }

    /// An agent's name for an agent identifier, or the text itself (`user`, ...).
    func name(of author: String) -> String {
        roster.first { $0.id.rawValue == author }?.name ?? author
    }

    private func describe(_ child: AgentTask) -> String {
        var line =
            "- [\(child.status.rawValue)] \(child.title) (id: \(child.id), assigned to "
            + "\(name(of: child.assignedTo.rawValue)))"
        if let result = child.result { line += "\n  Result: \(result)" }
        if let error = child.error { line += "\n  Error: \(error)" }
        return line
    }

    static let fencedBlockInstructions = """
        Act by writing fenced blocks holding JSON; you may write several, they are applied in order.

        To complete the task:
        ```complete
        {"result": "Your detailed task result here"}
        ```

        To delegate a subtask:
        ```delegate
        {"task": {"title": "Subtask title", "description": "Detailed subtask description"}, "delegate_to": "Agent name"}
        ```

        To add a context entry:
        ```context
        {"key": "entry_key", "value": "entry_value"}
        ```

        To fail the task:
        ```fail_task
        {"reason": "Why the task cannot be done"}
        ```

        To post a progress update:
        ```post_update
        {"content": "What you have done so far"}
        ```

        To give feedback on another task of the session:
        ```give_feedback
        {"task_id": "the task's id", "feedback": "Your feedback"}
        ```
        """
}
