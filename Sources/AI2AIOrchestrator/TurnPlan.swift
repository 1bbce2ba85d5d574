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

/// What one model turn does: the messages it adds to the conversation, its effects, and the
/// ``TurnOutcome`` it leads to, all stored together by one ``AgentStore/commitTurn(_:)``.
///
/// The outcome is decided here and nowhere else: ``commit(of:index:leaseOwner:usage:at:)`` derives
/// both the status change and the kind stored with the transcript (``TurnTranscript``) from it.
struct TurnPlan: Sendable {
    var messages: [ChatMessage] = []
    var subtasks: [AgentTask] = []
    var context: [ContextEntry] = []
    var updates: [TaskUpdate] = []
    /// `.continue` until an action decides otherwise: a delegation makes the task wait for its
    /// subtasks; `complete_task`, `fail_task` or a limit finish it.
    var outcome: TurnOutcome = .continue
    /// The model's answer text, stored with the turn's `turn_committed` event; `nil` for a turn
    /// without a model answer.
    var text: String?
    /// The delegation update of each subtask, by the subtask's identifier.
    private var delegationUpdates: [TaskID: String] = [:]

    /// Whether an action of this turn has ended the task.
    var endsTask: Bool {
        if case .finish = outcome { return true }
        return false
    }

    /// Adds a subtask and the delegation update that announces it; the task then waits for its subtasks.
    mutating func delegate(_ subtask: AgentTask, update: TaskUpdate) {
        subtasks.append(subtask)
        updates.append(update)
        delegationUpdates[subtask.id] = update.id
        outcome = .waitForChildren
    }

    /// Drops the subtasks of this turn, and with them the updates that name them.
    mutating func dropSubtasks() {
        let dropped = Set(subtasks.compactMap { delegationUpdates[$0.id] })
        updates.removeAll { dropped.contains($0.id) }
        subtasks = []
        delegationUpdates = [:]
        if outcome == .waitForChildren { outcome = .continue }
    }

    /// The commit that stores this plan as turn `index` of `task`, stamped with the time `now`.
    func commit(
        of task: TaskID,
        index: Int,
        leaseOwner: String,
        usage: UsageRecord?,
        at now: Date
    ) throws -> TurnCommit {
        let transcript = TurnTranscript(messages: messages, outcome: outcome.kind)
        return TurnCommit(
            turn: TurnRecord(taskID: task, index: index, payload: try transcript.encoded(), createdAt: now),
            leaseOwner: leaseOwner,
            subtasks: subtasks,
            context: context,
            updates: updates,
            usage: usage,
            outcome: outcome,
            text: text
        )
    }
}
