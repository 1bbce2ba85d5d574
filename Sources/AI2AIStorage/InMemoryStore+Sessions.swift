//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import Foundation

// The session life cycle of InMemoryStore: listing with counts, cancellation, retention.
extension InMemoryStore {
    public func sessionSummaries(limit: Int, offset: Int) async throws -> [SessionSummary] {
        withState { state in
            let page = state.sessions.values.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
                .dropFirst(max(0, offset)).prefix(max(0, limit))
            let ids = Set(page.map(\.id))
            var counts: [SessionID: [TaskStatus: Int]] = [:]
            var lastTask: [SessionID: Date] = [:]
            for task in state.tasks.values where ids.contains(task.sessionID) {
                counts[task.sessionID, default: [:]][task.status, default: 0] += 1
                lastTask[task.sessionID] = max(lastTask[task.sessionID] ?? .distantPast, task.updatedAt)
            }
            var lastMessage: [SessionID: Date] = [:]
            for message in state.messages where ids.contains(message.sessionID) {
                lastMessage[message.sessionID] = max(lastMessage[message.sessionID] ?? .distantPast, message.createdAt)
            }
            return page.map { session in
                SessionSummary(
                    session: session,
                    taskCounts: counts[session.id] ?? [:],
                    lastActivityAt: max(
                        session.updatedAt,
                        lastTask[session.id] ?? .distantPast,
                        lastMessage[session.id] ?? .distantPast
                    )
                )
            }
        }
    }

    public func cancelTasks(_ scope: CancellationScope, reason: String) async throws -> CancellationResult {
        let now = clock.now
        return try withState { state in
            let targets: [AgentTask]
            switch scope {
            case .session(let id):
                _ = try state.session(id)
                targets = state.tasks.values.filter { $0.sessionID == id && $0.status.isOpen }
            case .task(let id):
                let root = try state.task(id)
                var found: [AgentTask] = []
                var queue = [root]
                while let next = queue.popLast() {
                    if next.status.isOpen { found.append(next) }
                    queue += state.children(of: next.id)
                }
                targets = found
            }
            var cancelled: [CancelledTask] = []
            var resumed: AgentTask?
            // Children before parents, so that a parent is never resumed by a child cancelled with it.
            for task in targets.sorted(by: { $0.depth > $1.depth }) {
                let current = state.tasks[task.id] ?? task
                let result = try state.run {
                    try TaskLifecycle.finishing(current, .cancelled(reason), reads: $0, now: now)
                }
                if let parent = result.resumedParent {
                    resumed = parent
                }
                cancelled.append(
                    CancelledTask(task: result.task, previousStatus: task.status, previousLeaseOwner: task.leaseOwner)
                )
            }
            if let parent = resumed, state.tasks[parent.id]?.status != .pending { resumed = nil }
            if case .session(let id) = scope, !cancelled.isEmpty {
                state.apply([.appendEvent(id, .sessionCancelled, at: now)])
            }
            cancelled.sort { state.isOlder($0.task, $1.task) }
            return CancellationResult(cancelled: cancelled, resumedParent: resumed)
        }
    }

    public func deleteFinishedSessions(lastActiveBefore date: Date, limit: Int) async throws -> [SessionID] {
        withState { state in
            var open = Set<SessionID>()
            var lastActivity: [SessionID: Date] = [:]
            for session in state.sessions.values { lastActivity[session.id] = session.updatedAt }
            for task in state.tasks.values {
                if task.status.isOpen { open.insert(task.sessionID) }
                lastActivity[task.sessionID] = max(lastActivity[task.sessionID] ?? .distantPast, task.updatedAt)
            }
            for message in state.messages {
                lastActivity[message.sessionID] = max(
                    lastActivity[message.sessionID] ?? .distantPast,
                    message.createdAt
                )
            }
            let expired = state.sessions.values
                .filter { !open.contains($0.id) && (lastActivity[$0.id] ?? $0.updatedAt) < date }
                .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
                .prefix(max(0, limit))
            for session in expired { try? state.deleteSession(session.id) }
            return expired.map(\.id)
        }
    }
}

// The event log of InMemoryStore.
extension InMemoryStore {
    public func events(of session: SessionID, after sequence: UInt64, limit: Int) async throws -> [SessionEvent] {
        guard limit > 0 else { return [] }
        return withState { state in
            guard let events = state.events[session], sequence < UInt64(events.count) else { return [] }
            return Array(events[Int(sequence)...].prefix(limit))
        }
    }

    public func appendEvents(_ kinds: [SessionEvent.Kind], to session: SessionID) async throws -> [SessionEvent] {
        let stored = kinds.filter(\.isStored)
        guard !stored.isEmpty else { return [] }
        let now = clock.now
        return try withState { state in
            _ = try state.session(session)
            return state.apply(stored.map { .appendEvent(session, $0, at: now) })
        }
    }

    public func eventLogChanges(after position: Int64?) async throws -> EventLogChanges {
        withState { state in
            let last = state.lastEventPosition
            guard let position, position < last else { return EventLogChanges(sessions: [], position: last) }
            let sessions = state.eventPositions.compactMap { $0.value > position ? $0.key : nil }
            return EventLogChanges(sessions: Set(sessions), position: last)
        }
    }
}
