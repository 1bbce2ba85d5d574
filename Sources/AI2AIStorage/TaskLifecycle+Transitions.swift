//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

package import AI2AICore
package import Foundation

// Every transition of a task, as a function of what it reads to the writes it makes. A backend runs
// one inside its transaction (InMemoryStore: under its lock; SQLiteStore: in one immediate
// transaction), applies the writes, and returns the result. Documentation/Storage.md, "Task life
// cycle", describes them.

extension TaskLifecycle {
    // MARK: Creating

    /// A new task as it will be stored: the session, assignee and parent are checked, the depth set.
    package static func newTask(_ task: AgentTask, reads: some LifecycleReads) throws -> AgentTask {
        _ = try reads.session(task.sessionID)
        guard try !reads.taskExists(task.id) else { throw AI2AIError(.conflict, "Task \(task.id) already exists") }
        let assignee = try reads.agent(task.assignedTo)
        guard assignee.sessionID == task.sessionID else {
            throw AI2AIError(.invalidArgument, "Agent \(assignee.id) belongs to another session")
        }
        var stored = task
        if let parentID = task.parentTaskID {
            let parent = try reads.task(parentID)
            try StoreRules.checkNewTask(task, parent: parent)
            stored.depth = parent.depth + 1
        } else {
            try StoreRules.checkNewTask(task, parent: nil)
            stored.depth = 0
        }
        return stored
    }

    /// Creating a task.
    package static func create(_ task: AgentTask, reads: some LifecycleReads) throws -> Transition<AgentTask> {
        let stored = try newTask(task, reads: reads)
        return Transition(
            result: stored,
            writes: [.insertTask(stored), .appendEvent(stored.sessionID, .taskCreated(stored), at: stored.createdAt)]
        )
    }

    // MARK: Leases

    /// Claiming a ready task (chosen by ``ClaimRules``): in progress under the lease, a fresh claim
    /// progress (a call already started when `startsCall`, see ``ClaimRequest/startsCall``), and
    /// the session's claim number.
    package static func claim(
        _ ready: AgentTask,
        lease: Lease,
        startsCall: Bool,
        now: Date
    ) -> Transition<AgentTask> {
        let task = claimed(ready, lease: lease, now: now)
        return Transition(
            result: task,
            writes: [
                .updateTask(task, progress: startsCall ? .callStarted : .claimed), .markSessionClaimed(task.sessionID),
                statusChanged(ready, to: task.status, at: now),
            ]
        )
    }

    /// The task, when it is in progress under `owner`; `.leaseLost` otherwise.
    package static func leased(_ id: TaskID, owner: String, reads: some LifecycleReads) throws -> AgentTask {
        let task = try reads.task(id)
        try StoreRules.checkLease(task, owner: owner)
        return task
    }

    /// Renewing a lease: its expiry moves to `lease.duration` after now.
    package static func renew(
        _ id: TaskID,
        lease: Lease,
        reads: some LifecycleReads,
        now: Date
    ) throws -> Transition<Void> {
        var task = try leased(id, owner: lease.owner, reads: reads)
        task.leaseExpiresAt = now.adding(lease.duration)
        return Transition(result: (), writes: [.updateTask(task, progress: nil)])
    }

    /// Giving a task back: pending, without a lease, at the same attempt.
    package static func release(
        _ id: TaskID,
        owner: String,
        reads: some LifecycleReads,
        now: Date
    ) throws -> Transition<AgentTask> {
        let leased = try leased(id, owner: owner, reads: reads)
        let task = released(leased, now: now)
        return Transition(
            result: task,
            writes: [.updateTask(task, progress: nil), statusChanged(leased, to: task.status, at: now)]
        )
    }

    /// Recording that the lease holder starts a model call.
    package static func markCallStarted(
        _ id: TaskID,
        owner: String,
        reads: some LifecycleReads
    ) throws -> Transition<Void> {
        _ = try leased(id, owner: owner, reads: reads)
        let progress = try reads.claimProgress(of: id).afterCallStarted
        return Transition(result: (), writes: [.setProgress(id, progress)])
    }

    /// Recovering an expired in-progress task
    /// (``recovery(of:progress:end:processStops:maxAttempts:now:)`` decides).
    package static func recover(
        _ task: AgentTask,
        maxAttempts: Int,
        reads: some LifecycleReads,
        now: Date
    ) throws -> Transition<AgentTask> {
        let progress = try reads.claimProgress(of: task.id)
        let lastBeat = try task.leaseOwner.flatMap(StoreRules.instance(ofOwner:)).flatMap {
            try reads.lastHeartbeat(of: $0)
        }
        let recovery = recovery(
            of: task,
            progress: progress,
            end: claimEnd(of: task, lastBeat: lastBeat),
            processStops: try reads.processStops(of: task.id),
            maxAttempts: maxAttempts,
            now: now
        )
        switch recovery {
        case .requeue(let requeued, let stops):
            var writes: [StoreWrite] = [
                .updateTask(requeued, progress: nil), statusChanged(task, to: requeued.status, at: now),
            ]
            if let stops { writes.append(.setProcessStops(task.id, stops)) }
            return Transition(result: requeued, writes: writes)
        case .fail(let failed, let error):
            let finished = try finishing(failed, .failed(error), reads: reads, now: now)
            return Transition(result: finished.result.task, writes: finished.writes)
        }
    }

    // MARK: Ending and waiting

    /// Ending a task with an outcome; `.invalidTransition` when it is already terminal.
    package static func finish(
        _ id: TaskID,
        _ outcome: TaskOutcome,
        reads: some LifecycleReads,
        now: Date
    ) throws -> Transition<FinishResult> {
        let task = try reads.task(id)
        try StoreRules.checkFinish(task)
        return try finishing(task, outcome, reads: reads, now: now)
    }

    /// Ends a checked task, and resumes its waiting parent when it was the parent's last open child.
    package static func finishing(
        _ task: AgentTask,
        _ outcome: TaskOutcome,
        reads: some LifecycleReads,
        now: Date
    ) throws -> Transition<FinishResult> {
        let before = task
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
        var writes: [StoreWrite] = [.updateTask(task, progress: nil), statusChanged(before, to: task.status, at: now)]
        switch outcome {
        case .completed: writes.append(.appendEvent(task.sessionID, .taskCompleted(task), at: now))
        case .failed: writes.append(.appendEvent(task.sessionID, .taskFailed(task), at: now))
        case .cancelled: break
        }
        var resumed: AgentTask?
        if let parentID = task.parentTaskID {
            var parent = try reads.task(parentID)
            if parent.status == .waiting, try !reads.hasOpenChild(parentID, excluding: task.id) {
                let waiting = parent
                parent.status = .pending
                parent.updatedAt = now
                writes.append(.updateTask(parent, progress: nil))
                writes.append(statusChanged(waiting, to: parent.status, at: now))
                resumed = parent
            }
        }
        return Transition(result: FinishResult(task: task, resumedParent: resumed), writes: writes)
    }

    /// Parking an in-progress task until its subtasks finish; `.invalidTransition` otherwise.
    package static func wait(_ id: TaskID, reads: some LifecycleReads, now: Date) throws -> Transition<AgentTask> {
        let task = try reads.task(id)
        try StoreRules.checkWait(task)
        let parked = parked(task, hasOpenChild: try reads.hasOpenChild(id, excluding: nil), now: now)
        return Transition(
            result: parked,
            writes: [.updateTask(parked, progress: nil), statusChanged(task, to: parked.status, at: now)]
        )
    }

    /// A checked in-progress task parked: waiting while a child is open, pending otherwise; no lease.
    package static func parked(_ task: AgentTask, hasOpenChild: Bool, now: Date) -> AgentTask {
        var task = task
        task.status = hasOpenChild ? .waiting : .pending
        task.leaseOwner = nil
        task.leaseExpiresAt = nil
        task.updatedAt = now
        return task
    }

    // MARK: Context and updates

    /// Setting a context entry on an existing task.
    package static func setContext(_ entry: ContextEntry, reads: some LifecycleReads) throws -> Transition<Void> {
        let task = try reads.task(entry.taskID)
        return Transition(
            result: (),
            writes: [.setContext(entry), .appendEvent(task.sessionID, .context(entry), at: entry.updatedAt)]
        )
    }

    /// Appending an update to a task of its session, under a new identifier.
    package static func appendUpdate(_ update: TaskUpdate, reads: some LifecycleReads) throws -> Transition<Void> {
        try checkSameSession(update.taskID, update.sessionID, reads: reads, created: [])
        guard try !reads.updateExists(update.id) else {
            throw AI2AIError(.conflict, "Update \(update.id) already exists")
        }
        return Transition(
            result: (),
            writes: [.appendUpdate(update), .appendEvent(update.sessionID, .update(update), at: update.createdAt)]
        )
    }

    /// The event that reports a task's status change.
    package static func statusChanged(_ task: AgentTask, to status: TaskStatus, at now: Date) -> StoreWrite {
        .appendEvent(task.sessionID, .taskStatusChanged(taskID: task.id, from: task.status, to: status), at: now)
    }

    /// Checks that a task (stored, or among `created`) belongs to a session.
    package static func checkSameSession(
        _ taskID: TaskID,
        _ sessionID: SessionID,
        reads: some LifecycleReads,
        created: [AgentTask]
    ) throws {
        let target = try created.first { $0.id == taskID } ?? reads.task(taskID)
        guard target.sessionID == sessionID else {
            throw AI2AIError(.invalidArgument, "Task \(taskID) belongs to another session")
        }
    }
}

extension TaskLifecycle {
    // MARK: Turns

    /// Committing one model turn: check (the lease, the turn index, every row), then write
    /// everything the turn did, then the task's transition (continue, wait, finish).
    ///
    /// Everything is checked before the first write is produced, so a refused commit writes nothing.
    package static func commitTurn(
        _ commit: TurnCommit,
        reads: some LifecycleReads,
        now: Date
    ) throws -> Transition<TurnCommitResult> {
        let task = try leased(commit.turn.taskID, owner: commit.leaseOwner, reads: reads)
        guard try !reads.turnExists(task.id, index: commit.turn.index) else {
            throw AI2AIError(.conflict, "Turn \(commit.turn.index) of task \(task.id) is already stored")
        }
        let session = task.sessionID
        var writes: [StoreWrite] = []
        if let text = commit.text {
            let committed = SessionEvent.Kind.turnCommitted(
                taskID: task.id,
                agentID: task.assignedTo,
                turn: commit.turn.index,
                text: text,
                usage: commit.usage.map { Usage(inputTokens: $0.inputTokens, outputTokens: $0.outputTokens) }
            )
            writes.append(.appendEvent(session, committed, at: now))
        }
        var subtasks: [AgentTask] = []
        for subtask in commit.subtasks {
            guard subtask.parentTaskID == task.id else {
                throw AI2AIError(.invalidArgument, "Subtask \(subtask.id) must have task \(task.id) as its parent")
            }
            let stored = try newTask(subtask, reads: reads)
            guard !subtasks.contains(where: { $0.id == stored.id }) else {
                throw AI2AIError(.conflict, "Task \(stored.id) already exists")
            }
            subtasks.append(stored)
            writes.append(.insertTask(stored))
            writes.append(.appendEvent(session, .taskCreated(stored), at: now))
            writes.append(.appendEvent(session, .taskDelegated(parentID: task.id, child: stored), at: now))
        }
        for entry in commit.context {
            try checkSameSession(entry.taskID, task.sessionID, reads: reads, created: subtasks)
            writes.append(.setContext(entry))
            writes.append(.appendEvent(session, .context(entry), at: now))
        }
        var updateIDs = Set<String>()
        for update in commit.updates {
            try checkSameSession(update.taskID, task.sessionID, reads: reads, created: subtasks)
            guard updateIDs.insert(update.id).inserted, try !reads.updateExists(update.id) else {
                throw AI2AIError(.conflict, "Update \(update.id) already exists")
            }
            writes.append(.appendUpdate(update))
            writes.append(.appendEvent(session, .update(update), at: now))
        }
        if let usage = commit.usage { writes.append(.recordUsage(usage)) }
        writes.append(.insertTurn(commit.turn))

        switch commit.outcome {
        case .continue:
            var updated = task
            updated.updatedAt = now
            writes.append(.updateTask(updated, progress: .turnCommitted))
            return Transition(
                result: TurnCommitResult(task: updated, subtasks: subtasks, resumedParent: nil),
                writes: writes
            )
        case .finish(let outcome):
            try StoreRules.checkFinish(task)
            let finished = try finishing(task, outcome, reads: reads, now: now)
            return Transition(
                result: TurnCommitResult(
                    task: finished.result.task,
                    subtasks: subtasks,
                    resumedParent: finished.result.resumedParent
                ),
                writes: writes + finished.writes
            )
        case .waitForChildren:
            try StoreRules.checkWait(task)
            let open = try subtasks.contains { $0.status.isOpen } || reads.hasOpenChild(task.id, excluding: nil)
            let parked = parked(task, hasOpenChild: open, now: now)
            writes.append(.updateTask(parked, progress: nil))
            writes.append(statusChanged(task, to: parked.status, at: now))
            return Transition(
                result: TurnCommitResult(task: parked, subtasks: subtasks, resumedParent: nil),
                writes: writes
            )
        }
    }
}
