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
    @Sendable static func claimOldestFirst(_ store: any AgentStore, _ clock: ManualClock) async throws {
        let fixture = try await Fixture.make(store)
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        let newer = try await store.createTask(fixture.task("newer", createdAt: base.addingTimeInterval(5)))
        let older = try await store.createTask(fixture.task("older", createdAt: base))
        _ = try await store.createTask(fixture.task("someone else's", agent: 1, createdAt: base.addingTimeInterval(-5)))
        let lease = Lease(owner: "worker-1", duration: .seconds(30))

        let first = try await store.claimNextTask(for: fixture.agents[0].id, lease: lease)
        try requireEqual(first?.id, older.id, "oldest pending task is claimed first")
        try requireEqual(first?.status, .inProgress, "claimed task status")
        try requireEqual(first?.leaseOwner, "worker-1", "lease owner")
        try requireSameTime(
            first?.leaseExpiresAt,
            clock.now.adding(.seconds(30)),
            "lease expiry: the store's now + 30 s"
        )
        try requireEqual(try await store.task(older.id).status, .inProgress, "claim is stored")

        let second = try await store.claimNextTask(for: fixture.agents[0].id, lease: lease)
        try requireEqual(second?.id, newer.id, "then the next one")
        let none = try await store.claimNextTask(for: fixture.agents[0].id, lease: lease)
        try requireEqual(none?.id, nil, "nothing left for this agent")
        try requireEqual(try await store.task(older.id).attempt, 0, "claiming does not count as an attempt")
    }

    @Sendable static func claimUnderContention(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store, agentCount: 1)
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        var created: Set<TaskID> = []
        for index in 0..<1000 {
            let task = try await store.createTask(
                fixture.task("task \(index)", createdAt: base.addingTimeInterval(Double(index)))
            )
            created.insert(task.id)
        }
        let agent = fixture.agents[0].id
        let claims = try await withThrowingTaskGroup(of: [TaskID].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var mine: [TaskID] = []
                    let lease = Lease(owner: "worker-\(worker)", duration: .seconds(300))
                    while let task = try await store.claimNextTask(for: agent, lease: lease) {
                        mine.append(task.id)
                    }
                    return mine
                }
            }
            var all: [TaskID] = []
            for try await batch in group { all += batch }
            return all
        }
        try requireEqual(claims.count, 1000, "claims in all")
        try requireEqual(Set(claims).count, 1000, "distinct tasks claimed (no task claimed twice)")
        try requireEqual(Set(claims), created, "every task claimed")
        let pending = try await store.tasks(TaskFilter(sessionID: fixture.session.id, statuses: [.pending]))
        try requireEqual(pending.count, 0, "nothing left pending")
    }

    @Sendable static func leaseRenewAndRelease(_ store: any AgentStore, _ clock: ManualClock) async throws {
        let fixture = try await Fixture.make(store)
        let task = try await fixture.claimed(store, "leased", owner: "me")
        clock.advance(by: .seconds(20))
        let renewal = Lease(owner: "me", duration: .seconds(600))
        try await store.renewLease(task.id, lease: renewal)
        try requireSameTime(
            try await store.task(task.id).leaseExpiresAt,
            clock.now.adding(.seconds(600)),
            "renewed expiry: the store's now + 600 s"
        )
        try await requireThrows(.leaseLost, "renewing someone else's lease") {
            try await store.renewLease(task.id, lease: Lease(owner: "thief", duration: .seconds(600)))
        }
        try await requireThrows(.leaseLost, "releasing someone else's lease") {
            try await store.releaseLease(task.id, owner: "thief")
        }
        try await store.releaseLease(task.id, owner: "me")
        let released = try await store.task(task.id)
        try requireEqual(released.status, .pending, "released task is pending")
        try requireEqual(released.leaseOwner, nil, "released task has no lease owner")
        try requireEqual(released.leaseExpiresAt, nil, "released task has no lease expiry")
        try await requireThrows(.leaseLost, "renewing a released task") {
            try await store.renewLease(task.id, lease: renewal)
        }
        try await requireThrows(.notFound, "renewing an unknown task") {
            try await store.renewLease(TaskID("missing"), lease: renewal)
        }
    }

    @Sendable static func finishTransitions(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store)
        let task = try await fixture.claimed(store, "to complete")
        let finished = try await store.finish(task.id, .completed("the result"))
        try requireEqual(finished.task.status, .completed, "completed status")
        try requireEqual(finished.task.result, "the result", "result")
        try require(finished.task.completedAt != nil, "completed_at is set")
        try requireEqual(finished.task.leaseOwner, nil, "lease dropped")
        try requireEqual(finished.resumedParent, nil, "no parent to resume")
        let read = try await store.task(task.id)
        try requireEqual(read.status, .completed, "stored status")
        try requireEqual(read.result, "the result", "stored result")
        try await requireThrows(.invalidTransition, "completing a completed task") {
            try await store.finish(task.id, .completed("again"))
        }
        try await requireThrows(.invalidTransition, "failing a completed task") {
            try await store.finish(task.id, .failed("too late"))
        }
        let pending = try await store.createTask(fixture.task("to fail"))
        let failed = try await store.finish(pending.id, .failed("no way"))
        try requireEqual(failed.task.status, .failed, "failed status")
        try requireEqual(try await store.task(pending.id).error, "no way", "stored error")
        let other = try await store.createTask(fixture.task("to cancel"))
        try requireEqual(try await store.finish(other.id, .cancelled("stop")).task.status, .cancelled, "cancelled")
        try await requireThrows(.notFound, "finishing an unknown task") {
            try await store.finish(TaskID("missing"), .completed("x"))
        }
    }

    @Sendable static func lastChildResumesParent(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store)
        let parent = try await fixture.claimed(store, "parent")
        let childA = try await store.createTask(fixture.task("a", agent: 1, parent: parent.id))
        let childB = try await store.createTask(fixture.task("b", agent: 1, parent: parent.id))
        let parked = try await store.waitForChildren(parent.id)
        try requireEqual(parked.status, .waiting, "parent waits while children are open")
        try requireEqual(parked.leaseOwner, nil, "waiting parent has no lease")

        let first = try await store.finish(childA.id, .completed("A"))
        try requireEqual(first.resumedParent, nil, "parent not resumed while a child is open")
        try requireEqual(try await store.task(parent.id).status, .waiting, "parent still waiting")

        let last = try await store.finish(childB.id, .failed("B broke"))
        try requireEqual(last.resumedParent?.id, parent.id, "last child resumes the parent")
        try requireEqual(last.resumedParent?.status, .pending, "resumed parent status")
        try requireEqual(try await store.task(parent.id).status, .pending, "stored parent status")
        let claimed = try await store.claimNextTask(
            for: fixture.agents[0].id,
            lease: Lease(owner: "o", duration: .seconds(30))
        )
        try requireEqual(claimed?.id, parent.id, "the resumed parent can be claimed again")
    }

    @Sendable static func waitForChildren(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store)
        let lonely = try await fixture.claimed(store, "no children")
        try requireEqual(try await store.waitForChildren(lonely.id).status, .pending, "no open child: back to pending")
        try await requireThrows(.invalidTransition, "waiting on a pending task") {
            try await store.waitForChildren(lonely.id)
        }
        _ = try await store.finish(lonely.id, .completed("nothing to wait for"))
        let parent = try await fixture.claimed(store, "finished children")
        let child = try await store.createTask(fixture.task("done", agent: 1, parent: parent.id))
        _ = try await store.finish(child.id, .completed("ok"))
        try requireEqual(try await store.waitForChildren(parent.id).status, .pending, "all children finished: pending")
        try await requireThrows(.notFound, "waiting on an unknown task") {
            try await store.waitForChildren(TaskID("missing"))
        }
    }

    @Sendable static func expiredLeases(_ store: any AgentStore, _ clock: ManualClock) async throws {
        let fixture = try await Fixture.make(store)
        let short = Lease(owner: "crashed", duration: .seconds(10))
        let parent = try await fixture.claimed(store, "parent", agent: 1)
        let child = try await store.createTask(fixture.task("child", agent: 0, parent: parent.id))
        _ = try await store.waitForChildren(parent.id)
        let fresh = try await store.createTask(fixture.task("fresh", agent: 1))
        _ = try await store.claimNextTask(
            for: fixture.agents[1].id,
            lease: Lease(owner: "alive", duration: .seconds(600))
        )

        _ = try await store.claimNextTask(for: fixture.agents[0].id, lease: short)
        try await store.markCallStarted(child.id, owner: short.owner)
        try requireEqual(try await store.recoverExpiredLeases(maxAttempts: 2).count, 0, "nothing expired yet")
        clock.advance(by: .seconds(11))
        var recovered = try await store.recoverExpiredLeases(maxAttempts: 2)
        try requireEqual(recovered.map(\.id), [child.id], "only the expired task is recovered")
        try requireEqual(recovered.first?.status, .pending, "recovered task is pending")
        try requireEqual(recovered.first?.attempt, 1, "attempt + 1")
        let stored = try await store.task(child.id)
        try requireEqual(stored.status, .pending, "stored status after recovery")
        try requireEqual(stored.attempt, 1, "stored attempt")
        try requireEqual(stored.leaseOwner, nil, "lease dropped")
        try requireEqual(try await store.task(fresh.id).status, .inProgress, "a live lease is untouched")

        _ = try await store.claimNextTask(for: fixture.agents[0].id, lease: short)
        try await store.markCallStarted(child.id, owner: short.owner)
        clock.advance(by: .seconds(11))
        recovered = try await store.recoverExpiredLeases(maxAttempts: 2)
        try requireEqual(recovered.first?.status, .failed, "past the attempt limit the task fails")
        let failed = try await store.task(child.id)
        try requireEqual(failed.status, .failed, "stored failure")
        try require(failed.error?.contains("2 attempts") == true, "the error says why: \(failed.error ?? "nil")")
        try requireEqual(try await store.task(parent.id).status, .pending, "its waiting parent resumes")
        try requireEqual(
            try await store.recoverExpiredLeases(maxAttempts: 2).count,
            0,
            "nothing more to recover"
        )
    }

    /// A lease runs from the store's now, whatever the holder's clock says, and expires by the
    /// store's clock: renewing moves the expiry, and only time passing on the store's clock expires it.
    @Sendable static func leaseExpiryUsesTheStoreClock(_ store: any AgentStore, _ clock: ManualClock) async throws {
        let fixture = try await Fixture.make(store)
        let task = try await store.createTask(fixture.task("renewed"))
        let lease = Lease(owner: "worker", duration: .seconds(30))
        clock.advance(by: .seconds(3600))
        let claimed = try await store.claimNextTask(for: fixture.agents[0].id, lease: lease)
        try requireEqual(claimed?.id, task.id, "claimed")
        try requireSameTime(claimed?.leaseExpiresAt, clock.now.adding(.seconds(30)), "expiry from the store's now")

        clock.advance(by: .seconds(25))
        try await store.renewLease(task.id, lease: lease)
        clock.advance(by: .seconds(25))
        try requireEqual(
            try await store.recoverExpiredLeases(maxAttempts: 3).count,
            0,
            "a renewed lease has not expired 50 s after the claim"
        )
        clock.advance(by: .seconds(6))
        let recovered = try await store.recoverExpiredLeases(maxAttempts: 3)
        try requireEqual(recovered.map(\.id), [task.id], "expired 31 s after the renewal")
        try requireSameTime(recovered.first?.updatedAt, clock.now, "stamped with the store's now")
    }
}
