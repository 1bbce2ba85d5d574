//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Foundation

// The event log: every change stores the events that report it, in its own transaction, numbered
// per session without gaps; deleting a session deletes them.
extension StoreConformance {
    /// The kinds of a session's stored events, in order, checking that they are numbered 1, 2, 3, ...
    static func storedKinds(_ store: any AgentStore, _ session: SessionID) async throws -> [SessionEvent.Kind] {
        let events = try await store.events(of: session, after: 0, limit: 10_000)
        try requireEqual(events.map(\.sequence), (0..<UInt64(events.count)).map { $0 + 1 }, "sequence numbers")
        try require(events.allSatisfy { $0.sessionID == session && $0.isStored }, "only the session's stored kinds")
        return events.map(\.kind)
    }

    @Sendable static func eventsAreStoredWithTheirChanges(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store)
        let session = fixture.session.id
        let created = try await store.createTask(fixture.task("lead"))
        try requireEqual(try await storedKinds(store, session), [.taskCreated(created)], "a created task")

        let request = ClaimRequest(lease: Lease(owner: "me", duration: .seconds(60)), providers: ["scripted"])
        let claimed = try unwrap(try await store.claimNext(request), "the claim")
        try requireEqual(claimed.lastEventSequence, 2, "the claim's event is the session's second")
        let subtask = fixture.task("research", agent: 1, parent: created.id)
        let note = ContextEntry(taskID: created.id, key: "plan", value: "split", updatedAt: Fixture.epoch)
        let turn = TurnRecord(taskID: created.id, index: 0, payload: Data("{}".utf8), createdAt: Fixture.epoch)

        // A refused commit stores no event.
        try await requireThrows(.leaseLost, "a commit without the lease") {
            try await store.commitTurn(TurnCommit(turn: turn, leaseOwner: "thief", text: "stolen"))
        }
        try requireEqual(
            try await store.events(of: session, after: 2, limit: 10).count,
            0,
            "events of a refused commit"
        )

        let result = try await store.commitTurn(
            TurnCommit(
                turn: turn,
                leaseOwner: "me",
                subtasks: [subtask],
                context: [note],
                usage: UsageRecord(
                    sessionID: session,
                    taskID: created.id,
                    agentID: fixture.agents[0].id,
                    model: "m",
                    inputTokens: 12,
                    outputTokens: 3,
                    createdAt: Fixture.epoch
                ),
                outcome: .waitForChildren,
                text: "Splitting it ✂️"
            )
        )
        let child = try unwrap(result.subtasks.first, "the subtask")
        let kinds = try await storedKinds(store, session)
        try requireEqual(result.lastEventSequence, UInt64(kinds.count), "the commit returns its last event's number")
        try requireEqual(
            Array(kinds.dropFirst(2)),
            [
                .turnCommitted(
                    taskID: created.id,
                    agentID: fixture.agents[0].id,
                    turn: 0,
                    text: "Splitting it ✂️",
                    usage: Usage(inputTokens: 12, outputTokens: 3)
                ),
                .taskCreated(child), .taskDelegated(parentID: created.id, child: child), .context(note),
                .taskStatusChanged(taskID: created.id, from: .inProgress, to: .waiting),
            ],
            "a turn's events, in the order of its effects"
        )
        try requireEqual(
            kinds[1],
            .taskStatusChanged(taskID: created.id, from: .pending, to: .inProgress),
            "the claim's event"
        )

        // Finishing the child resumes the parent: both reported, in one transaction.
        _ = try await store.claimNext(request)
        let finished = try await store.finish(child.id, .completed("found"))
        let tail = try await storedKinds(store, session)
        try requireEqual(
            Array(tail.suffix(3)),
            [
                .taskStatusChanged(taskID: child.id, from: .inProgress, to: .completed),
                .taskCompleted(finished.task),
                .taskStatusChanged(taskID: created.id, from: .waiting, to: .pending),
            ],
            "finishing the last child reports it and the parent's resumption"
        )

        // Cancelling the session: each task's change, then session_cancelled.
        let cancelled = try await store.cancelTasks(.session(session), reason: "stop")
        let end = try await storedKinds(store, session)
        try requireEqual(end.last, .sessionCancelled, "a cancelled session's last event")
        try requireEqual(
            end.suffix(cancelled.cancelled.count + 1).dropLast().count,
            cancelled.cancelled.count,
            "one event per cancelled task"
        )
    }

    @Sendable static func appendedEventsAndTheirOrder(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store)
        let other = try await Fixture.make(store, title: "Other")
        let agent = fixture.agents[0].id
        let start = try await store.eventLogChanges(after: nil)
        try requireEqual(start.sessions, [], "the position alone")

        let stored = try await store.appendEvents(
            [.agentStarted(agent), .modelTextDelta(taskID: "t", agentID: agent, text: "live"), .sessionDeleted],
            to: fixture.session.id
        )
        try requireEqual(stored.map(\.kind), [.agentStarted(agent)], "kinds that are not stored are skipped")
        try requireEqual(stored.map(\.sequence), [1], "the first event of a session")
        try await requireThrows(.notFound, "events of an unknown session") {
            try await store.appendEvents([.agentStarted(agent)], to: SessionID("missing"))
        }
        _ = try await store.appendEvents([.agentStopped(agent), .agentStarted(agent)], to: fixture.session.id)
        let page = try await store.events(of: fixture.session.id, after: 1, limit: 1)
        try requireEqual(page.map(\.sequence), [2], "a page after 1 of 1 event")
        try requireEqual(page.first?.kind, .agentStopped(agent), "the page's event")

        let changes = try await store.eventLogChanges(after: start.position)
        try requireEqual(changes.sessions, [fixture.session.id], "the session with new events")
        try require(changes.position > start.position, "the position moves on")
        _ = try await store.appendEvents([.agentStarted(other.agents[0].id)], to: other.session.id)
        let next = try await store.eventLogChanges(after: changes.position)
        try requireEqual(next.sessions, [other.session.id], "only the session written since")
        try requireEqual(
            try await store.eventLogChanges(after: next.position).sessions,
            [],
            "nothing new"
        )

        try await store.deleteSession(fixture.session.id)
        try requireEqual(
            try await store.events(of: fixture.session.id, after: 0, limit: 100).count,
            0,
            "a deleted session's events"
        )
        _ = try await store.appendEvents([.agentStopped(other.agents[0].id)], to: other.session.id)
        try requireEqual(
            try await store.eventLogChanges(after: next.position).sessions,
            [other.session.id],
            "the log goes on after a deletion"
        )
        try requireEqual(
            try await store.events(of: other.session.id, after: 0, limit: 100).map(\.sequence),
            [1, 2],
            "another session's numbering"
        )
    }
}
