//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import Testing

@testable import AI2AIStorage

/// The life cycle's rules as pure functions, without a store.
@Suite struct TaskLifecycleTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_100)
    static let session = Session(title: "s", createdAt: Date(timeIntervalSince1970: 1_700_000_000))
    static let agent = Agent(sessionID: session.id, index: 0, name: "A", role: "r", model: "m", createdAt: now)

    /// Rows in dictionaries, as a backend would answer.
    struct Rows: LifecycleReads {
        var tasks: [TaskID: AgentTask] = [:]
        var progress: [TaskID: ClaimProgress] = [:]
        var turns: Set<String> = []

        func task(_ id: TaskID) throws -> AgentTask {
            guard let task = tasks[id] else { throw AI2AIError.notFound("Task", id) }
            return task
        }
        func taskExists(_ id: TaskID) -> Bool { tasks[id] != nil }
        func session(_ id: SessionID) throws -> Session {
            guard id == TaskLifecycleTests.session.id else { throw AI2AIError.notFound("Session", id) }
            return TaskLifecycleTests.session
        }
        func agent(_ id: AgentID) throws -> Agent {
            guard id == TaskLifecycleTests.agent.id else { throw AI2AIError.notFound("Agent", id) }
            return TaskLifecycleTests.agent
        }
        func claimProgress(of task: TaskID) -> ClaimProgress { progress[task] ?? .claimed }
        func processStops(of task: TaskID) -> Int { 0 }
        func lastHeartbeat(of instance: String) -> Date? { nil }
        func hasOpenChild(_ parent: TaskID, excluding excluded: TaskID?) -> Bool {
            tasks.values.contains { $0.parentTaskID == parent && $0.id != excluded && $0.status.isOpen }
        }
        func turnExists(_ task: TaskID, index: Int) -> Bool { turns.contains("\(task)#\(index)") }
        func updateExists(_ id: String) -> Bool { false }
    }

    static func task(_ status: TaskStatus, parent: TaskID? = nil, owner: String? = nil) -> AgentTask {
        AgentTask(
            sessionID: session.id,
            title: "t",
            description: "d",
            status: status,
            createdBy: "user",
            assignedTo: agent.id,
            parentTaskID: parent,
            createdAt: now,
            leaseOwner: owner,
            leaseExpiresAt: owner == nil ? nil : now
        )
    }

    @Test(arguments: [
        (ClaimProgress.claimed, 0, TaskStatus.pending),
        (.callStarted, 1, .pending),
        (.turnCommitted, 0, .pending),
    ])
    func recoveryChargesOnlyAStartedCallWithoutACommittedTurn(
        progress: ClaimProgress,
        attempt: Int,
        status: TaskStatus
    ) throws {
        let expired = Self.task(.inProgress, owner: "gone")
        let recovery = TaskLifecycle.recovery(
            of: expired,
            progress: progress,
            end: .stalled,
            processStops: 0,
            maxAttempts: 3,
            now: Self.now
        )
        switch recovery {
        case .requeue(let task, let stops):
            #expect(stops == nil)
            #expect(task.attempt == attempt)
            #expect(task.status == status)
            #expect(task.leaseOwner == nil)
        case .fail:
            Issue.record("below the limit the task goes back")
        }
    }

    @Test func theLastChargedAttemptFails() {
        var expired = Self.task(.inProgress, owner: "gone")
        expired.attempt = 2
        guard
            case .fail(let task, let error) = TaskLifecycle.recovery(
                of: expired,
                progress: .callStarted,
                end: .stalled,
                processStops: 0,
                maxAttempts: 3,
                now: Self.now
            )
        else {
            Issue.record("the third charged expiry fails the task")
            return
        }
        #expect(task.attempt == 3)
        #expect(error.contains("3 attempts"))
        guard
            case .requeue = TaskLifecycle.recovery(
                of: expired,
                progress: .claimed,
                end: .stalled,
                processStops: 0,
                maxAttempts: 3,
                now: Self.now
            )
        else {
            Issue.record("an uncharged expiry never fails the task")
            return
        }
    }

    @Test("a claim whose process stopped costs a process stop, not an attempt; the tenth fails the task")
    func aStoppedProcessCostsAStopNotAnAttempt() {
        var expired = Self.task(.inProgress, owner: "instance/run/claim")
        expired.attempt = 2
        expired.leaseExpiresAt = Self.now
        #expect(TaskLifecycle.claimEnd(of: expired, lastBeat: nil) == .stalled)
        #expect(TaskLifecycle.claimEnd(of: expired, lastBeat: Self.now.addingTimeInterval(-1)) == .processStopped)
        #expect(TaskLifecycle.claimEnd(of: expired, lastBeat: Self.now.addingTimeInterval(1)) == .stalled)
        let stopped = TaskLifecycle.recovery(
            of: expired,
            progress: .callStarted,
            end: .processStopped,
            processStops: 8,
            maxAttempts: 3,
            now: Self.now
        )
        guard case .requeue(let task, let stops) = stopped else {
            Issue.record("the ninth stop requeues the task")
            return
        }
        #expect(task.attempt == 2)
        #expect(task.status == .pending)
        #expect(stops == 9)
        let tenth = TaskLifecycle.recovery(
            of: expired,
            progress: .callStarted,
            end: .processStopped,
            processStops: 9,
            maxAttempts: 3,
            now: Self.now
        )
        guard case .fail(let failed, let error) = tenth else {
            Issue.record("the tenth stop fails the task")
            return
        }
        #expect(failed.attempt == 2)
        #expect(error.contains("stopped 10 times"))
        #expect(StoreRules.instance(ofOwner: "instance/run/claim") == "instance/run")
        #expect(StoreRules.instance(ofOwner: "gone") == nil)
    }

    @Test func aStartedCallAfterACommittedTurnStaysCommitted() {
        #expect(ClaimProgress.claimed.afterCallStarted == .callStarted)
        #expect(ClaimProgress.callStarted.afterCallStarted == .callStarted)
        #expect(ClaimProgress.turnCommitted.afterCallStarted == .turnCommitted)
    }

    @Test func claimOrderIsSessionLoadThenLeastRecentlyClaimedThenAge() {
        let old = Date(timeIntervalSince1970: 0)
        let new = Date(timeIntervalSince1970: 100)
        typealias Key = ClaimRules.Key
        #expect(
            Key(sessionRunning: 0, sessionLastClaim: 9, createdAt: new, order: 9)
                < Key(sessionRunning: 1, sessionLastClaim: nil, createdAt: old, order: 0)
        )
        #expect(
            Key(sessionRunning: 1, sessionLastClaim: nil, createdAt: new, order: 9)
                < Key(sessionRunning: 1, sessionLastClaim: 1, createdAt: old, order: 0)
        )
        #expect(
            Key(sessionRunning: 1, sessionLastClaim: 1, createdAt: new, order: 0)
                < Key(sessionRunning: 1, sessionLastClaim: 2, createdAt: old, order: 0)
        )
        #expect(
            Key(sessionRunning: 1, sessionLastClaim: 2, createdAt: old, order: 5)
                < Key(sessionRunning: 1, sessionLastClaim: 2, createdAt: new, order: 0)
        )
    }

    /// A finishing child resumes its waiting parent only when no other child is open; the child
    /// itself, still open in the rows read, does not count.
    @Test func finishingTheLastOpenChildResumesTheParent() throws {
        let parent = Self.task(.waiting)
        let first = Self.task(.inProgress, parent: parent.id, owner: "a")
        let second = Self.task(.pending, parent: parent.id)
        var rows = Rows(tasks: [parent.id: parent, first.id: first, second.id: second])

        let early = try TaskLifecycle.finish(first.id, .completed("one"), reads: rows, now: Self.now)
        #expect(early.result.resumedParent == nil)
        #expect(Self.rowWrites(early.writes).count == 1)
        #expect(
            Self.events(early.writes) == [
                .taskStatusChanged(taskID: first.id, from: .inProgress, to: .completed),
                .taskCompleted(early.result.task),
            ]
        )
        rows.tasks[first.id] = early.result.task

        let last = try TaskLifecycle.finish(second.id, .failed("two"), reads: rows, now: Self.now)
        #expect(last.result.resumedParent?.status == .pending)
        guard case .updateTask(let resumed, _) = try #require(Self.rowWrites(last.writes).last) else {
            Issue.record("the parent's resumption is written")
            return
        }
        #expect(resumed.id == parent.id)
        #expect(Self.events(last.writes).last == .taskStatusChanged(taskID: parent.id, from: .waiting, to: .pending))
    }

    /// The writes that change rows other than the event log.
    static func rowWrites(_ writes: [StoreWrite]) -> [StoreWrite] {
        writes.filter {
            if case .appendEvent = $0 { return false }
            return true
        }
    }

    /// The events a transition stores, in order.
    static func events(_ writes: [StoreWrite]) -> [SessionEvent.Kind] {
        writes.compactMap {
            if case .appendEvent(_, let kind, _) = $0 { return kind }
            return nil
        }
    }

    /// A turn that delegates and waits parks the task as waiting on the subtasks it creates, and a
    /// refused turn produces no write at all.
    @Test func aTurnIsCheckedWholeBeforeItWrites() throws {
        let working = Self.task(.inProgress, owner: "me")
        var rows = Rows(tasks: [working.id: working])
        let subtask = AgentTask(
            sessionID: Self.session.id,
            title: "sub",
            description: "d",
            createdBy: Self.agent.id.rawValue,
            assignedTo: Self.agent.id,
            parentTaskID: working.id,
            createdAt: Self.now
        )
        let turn = TurnRecord(taskID: working.id, index: 0, payload: Data(), createdAt: Self.now)
        let note = ContextEntry(taskID: subtask.id, key: "k", value: "v", updatedAt: Self.now)
        let commit = TurnCommit(
            turn: turn,
            leaseOwner: "me",
            subtasks: [subtask],
            context: [note],
            outcome: .waitForChildren
        )
        let result = try TaskLifecycle.commitTurn(commit, reads: rows, now: Self.now)
        #expect(result.result.task.status == .waiting)
        #expect(result.result.subtasks.map(\.depth) == [1])
        #expect(Self.rowWrites(result.writes).count == 4)
        let stored = try #require(result.result.subtasks.first)
        #expect(
            Self.events(result.writes) == [
                .taskCreated(stored), .taskDelegated(parentID: working.id, child: stored), .context(note),
                .taskStatusChanged(taskID: working.id, from: .inProgress, to: .waiting),
            ]
        )

        rows.turns.insert("\(working.id)#0")
        #expect(throws: AI2AIError.self) { try TaskLifecycle.commitTurn(commit, reads: rows, now: Self.now) }
        var stranger = commit
        stranger.turn.index = 1
        stranger.leaseOwner = "someone else"
        #expect(throws: AI2AIError.self) { try TaskLifecycle.commitTurn(stranger, reads: rows, now: Self.now) }
    }
}
