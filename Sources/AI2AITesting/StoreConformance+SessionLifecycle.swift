//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Foundation

// The session life cycle: listing with counts, cancellation, retention.
extension StoreConformance {
    @Sendable static func sessionSummaries(_ store: any AgentStore) async throws {
        let base = Fixture.epoch
        let old = try await Fixture.make(store, agentCount: 2, title: "Old", createdAt: base)
        let idle = try await Fixture.make(store, agentCount: 1, title: "Idle", createdAt: base.addingTimeInterval(10))
        let new = try await Fixture.make(store, agentCount: 1, title: "New", createdAt: base.addingTimeInterval(20))

        let done = try await old.claimed(store, "done")
        _ = try await store.finish(done.id, .completed("ok"))
        _ = try await old.claimed(store, "working", agent: 1, owner: "w")
        _ = try await store.createTask(old.task("waiting for a claim"))
        let failing = try await new.claimed(store, "failing")
        _ = try await store.finish(failing.id, .failed("no"))
        let later = base.addingTimeInterval(500)
        try await store.appendMessage(
            SessionMessage(sessionID: idle.session.id, role: "user", content: "hello", createdAt: later)
        )

        let all = try await store.sessionSummaries(limit: 10, offset: 0)
        try requireEqual(all.map(\.id), [new.session.id, idle.session.id, old.session.id], "newest first")
        try requireEqual(all[2].taskCounts[.completed] ?? 0, 1, "completed count")
        try requireEqual(all[2].taskCounts[.inProgress] ?? 0, 1, "in-progress count")
        try requireEqual(all[2].taskCounts[.pending] ?? 0, 1, "pending count")
        try requireEqual(all[2].taskCount, 3, "task count")
        try requireEqual(all[2].status, .active, "a session with open tasks is active")
        try requireEqual(all[1].taskCount, 0, "no tasks")
        try requireEqual(all[1].status, .idle, "a session without tasks is idle")
        try requireSameTime(all[1].lastActivityAt, later, "a message is activity")
        try requireEqual(all[0].status, .failed, "a session whose task failed")
        try requireEqual(all[0].session.title, "New", "the session itself")

        let page = try await store.sessionSummaries(limit: 1, offset: 1)
        try requireEqual(page.map(\.id), [idle.session.id], "paged by offset")
        try requireEqual(try await store.sessionSummaries(limit: 5, offset: 3).count, 0, "past the end")
    }

    @Sendable static func cancelSessionTasks(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store, agentCount: 3)
        let other = try await Fixture.make(store, agentCount: 1, title: "Other")
        let untouched = try await store.createTask(other.task("other session"))

        let done = try await fixture.claimed(store, "done")
        _ = try await store.finish(done.id, .completed("kept"))
        let parent = try await fixture.claimed(store, "parent", owner: "p")
        let child = try await store.createTask(fixture.task("child", agent: 1, parent: parent.id))
        _ = try await store.waitForChildren(parent.id)
        let working = try await fixture.claimed(store, "working", agent: 2, owner: "worker-2")

        let result = try await store.cancelTasks(.session(fixture.session.id), reason: "Stop")
        try requireEqual(
            Set(result.cancelled.map(\.task.id)),
            [parent.id, child.id, working.id],
            "every open task is cancelled"
        )
        try require(result.resumedParent == nil, "no parent resumes when the whole session is cancelled")
        let byID = Dictionary(uniqueKeysWithValues: result.cancelled.map { ($0.task.id, $0) })
        try requireEqual(byID[parent.id]?.previousStatus, .waiting, "previous status of the waiting parent")
        try requireEqual(byID[child.id]?.previousStatus, .pending, "previous status of the pending child")
        try requireEqual(byID[working.id]?.previousStatus, .inProgress, "previous status of the worked task")
        try requireEqual(byID[working.id]?.previousLeaseOwner, "worker-2", "the worker to stop")
        for id in [parent.id, child.id, working.id] {
            let task = try await store.task(id)
            try requireEqual(task.status, .cancelled, "stored status of \(id)")
            try requireEqual(task.error, "Stop", "reason of \(id)")
            try require(task.leaseOwner == nil && task.completedAt != nil, "no lease, an end time")
        }
        try requireEqual(try await store.task(done.id).result, "kept", "finished tasks are kept")
        try requireEqual(try await store.task(untouched.id).status, .pending, "other sessions are untouched")
        try await requireThrows(.leaseLost, "the worker's lease is gone") {
            try await store.renewLease(working.id, lease: Lease(owner: "worker-2", duration: .seconds(60)))
        }
        let claim = try await store.claimNextTask(
            for: fixture.agents[1].id,
            lease: Lease(owner: "x", duration: .seconds(9))
        )
        try require(claim == nil, "a cancelled task is never claimed")
        let summary = try await store.sessionSummaries(limit: 10, offset: 0).first { $0.id == fixture.session.id }
        try requireEqual(summary?.status, .cancelled, "the session's status")
        try requireEqual(summary?.taskCounts[.cancelled], 3, "cancelled count")

        let again = try await store.cancelTasks(.session(fixture.session.id), reason: "Stop")
        try requireEqual(again.cancelled.count, 0, "cancelling again changes nothing")
        try await requireThrows(.notFound, "unknown session") {
            try await store.cancelTasks(.session(SessionID("missing")), reason: "x")
        }
    }

    @Sendable static func cancelTaskSubtree(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store, agentCount: 3)
        let root = try await fixture.claimed(store, "root", owner: "r")
        let kept = try await store.createTask(fixture.task("kept", agent: 1, parent: root.id))
        let branch = try await store.createTask(fixture.task("branch", agent: 1, parent: root.id))
        _ = try await store.waitForChildren(root.id)
        let claimedBranch = try await store.claimNextTask(
            for: fixture.agents[1].id,
            lease: Lease(owner: "b", duration: .seconds(60))
        )
        try requireEqual(claimedBranch?.id, kept.id, "the oldest child is claimed first")
        _ = try await store.finish(kept.id, .completed("done"))
        let leaf = try await store.createTask(fixture.task("leaf", agent: 2, parent: branch.id))

        let result = try await store.cancelTasks(.task(branch.id), reason: "Not needed")
        try requireEqual(Set(result.cancelled.map(\.task.id)), [branch.id, leaf.id], "the task and its subtree")
        try requireEqual(result.resumedParent?.id, root.id, "the waiting parent resumes")
        try requireEqual(try await store.task(root.id).status, .pending, "stored parent status")
        try requireEqual(try await store.task(kept.id).status, .completed, "finished siblings are kept")
        try requireEqual(try await store.task(leaf.id).error, "Not needed", "the reason")

        let again = try await store.cancelTasks(.task(branch.id), reason: "x")
        try require(again.cancelled.isEmpty && again.resumedParent == nil, "cancelling again changes nothing")
        try await requireThrows(.notFound, "unknown task") {
            try await store.cancelTasks(.task(TaskID("missing")), reason: "x")
        }
    }

    @Sendable static func deleteFinishedSessions(_ store: any AgentStore, _ clock: ManualClock) async throws {
        let start = clock.now
        let finished = try await Fixture.make(store, title: "Finished", createdAt: start)
        let task = try await finished.claimed(store, "done")
        _ = try await store.finish(task.id, .completed("ok"))
        let idle = try await Fixture.make(store, title: "Idle", createdAt: start.addingTimeInterval(1))
        let open = try await Fixture.make(store, title: "Open", createdAt: start.addingTimeInterval(2))
        _ = try await store.createTask(open.task("waiting"))
        let talked = try await Fixture.make(store, title: "Talked", createdAt: start.addingTimeInterval(3))
        clock.advance(by: .seconds(1000))
        try await store.appendMessage(
            SessionMessage(sessionID: talked.session.id, role: "user", content: "hi", createdAt: clock.now)
        )
        let recentlyDone = try await Fixture.make(store, title: "Recent", createdAt: start.addingTimeInterval(4))
        let recent = try await recentlyDone.claimed(store, "late")
        _ = try await store.finish(recent.id, .failed("late failure"))

        let cutoff = start.addingTimeInterval(500)
        let first = try await store.deleteFinishedSessions(lastActiveBefore: cutoff, limit: 1)
        try requireEqual(first, [finished.session.id], "the oldest finished session first, within the limit")
        let rest = try await store.deleteFinishedSessions(lastActiveBefore: cutoff, limit: 10)
        try requireEqual(rest, [idle.session.id], "then the idle one")
        try await requireThrows(.notFound, "a deleted session") { try await store.session(finished.session.id) }
        try requireEqual(try await store.tasks(.session(finished.session.id)).count, 0, "its tasks are gone")
        let left = Set(try await store.sessionSummaries(limit: 10, offset: 0).map(\.id))
        try requireEqual(
            left,
            [open.session.id, talked.session.id, recentlyDone.session.id],
            "open sessions and recently active ones are kept"
        )
        try requireEqual(
            try await store.deleteFinishedSessions(lastActiveBefore: cutoff, limit: 10),
            [],
            "nothing more to delete"
        )
    }
}
