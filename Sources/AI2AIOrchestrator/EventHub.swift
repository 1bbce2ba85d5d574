//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Foundation
import Logging
import Synchronization

/// Delivers session events to subscribers: the stored ones from the store's event log, the live
/// model text deltas from memory.
///
/// A subscription is a cursor over its session's log (Documentation/Architecture.md, "Event log"):
/// it reads the events after the last one it delivered, in batches, when its consumer asks for the
/// next event and the hub said that the session changed (``changed(_:)``, after every local write,
/// and from ``pollOtherProcesses(after:)`` for writes of other processes). So a consumer gets the
/// history first and then the live events, with no gap and no duplicate, and a consumer that stops
/// reading costs a waiting cursor, not a growing buffer: stored events wait in the store.
///
/// Only model text deltas are buffered per subscriber, at most ``maxBufferedDeltas`` of them or
/// ``maxBufferedBytes``; a subscriber that falls further behind has its stream ended, and resumes
/// from the last sequence number it saw. Nothing is kept for a session nobody listens to.
final class EventHub: Sendable {
    /// How many live deltas wait for one subscriber before its stream is ended.
    static let maxBufferedDeltas = 256
    /// How many bytes of live deltas wait for one subscriber before its stream is ended.
    static let maxBufferedBytes = 1 << 20
    /// How many stored events a cursor reads at once.
    static let batchSize = 256

    private struct State {
        var mailboxes: [SessionID: [Int: Mailbox]] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())
    private let store: any AgentStore
    private let clock: any AI2AIClock
    private let logger: Logger

    init(store: any AgentStore, clock: any AI2AIClock, logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// A session's events after `sequence` (its history from there, then live), in order.
    ///
    /// The stream ends when its consumer stops, when the session is deleted (after a
    /// `session_deleted` event), when the consumer falls too far behind the live deltas, when the
    /// store cannot be read, or at ``finishAll()``.
    func subscribe(to session: SessionID, after sequence: UInt64) -> AsyncStream<SessionEvent> {
        let mailbox = Mailbox()
        let id = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.mailboxes[session, default: [:]][id] = mailbox
            return id
        }
        OrchestratorMetrics.adjustEventSubscribers(by: 1)
        let cursor = EventCursor(
            session: session,
            after: sequence,
            mailbox: mailbox,
            store: store,
            clock: clock,
            logger: logger
        )
        return AsyncStream(
            unfolding: { await cursor.next() },
            onCancel: { [weak self] in
                mailbox.end()
                self?.remove(id, of: session)
            }
        )
    }

    private func remove(_ id: Int, of session: SessionID) {
        let removed = state.withLock { state in
            let removed = state.mailboxes[session]?.removeValue(forKey: id) != nil
            if state.mailboxes[session]?.isEmpty == true { state.mailboxes[session] = nil }
            return removed
        }
        if removed { OrchestratorMetrics.adjustEventSubscribers(by: -1) }
    }

    private func mailboxes(of session: SessionID) -> [Mailbox] {
        state.withLock { state in state.mailboxes[session].map { Array($0.values) } ?? [] }
    }

    /// Tells the session's subscribers that it stored events: they read them when next asked.
    func changed(_ session: SessionID) {
        for mailbox in mailboxes(of: session) { mailbox.post { $0.changed = true } }
    }

    /// Sends a live (unstored) event, a model text delta, to the session's subscribers.
    func publishLive(_ event: SessionEvent) {
        let size = EventHubSize.of(event)
        for mailbox in mailboxes(of: event.sessionID) {
            mailbox.post { state in
                guard !state.overflowed else { return }
                if state.deltas.count >= Self.maxBufferedDeltas || state.deltaBytes + size > Self.maxBufferedBytes {
                    state.overflowed = true
                    state.deltas = []
                    state.deltaBytes = 0
                } else {
                    state.deltas.append(event)
                    state.deltaBytes += size
                }
            }
        }
    }

    /// Ends the session's subscriptions with a `session_deleted` event.
    func close(_ session: SessionID) {
        let removed = state.withLock { $0.mailboxes.removeValue(forKey: session) }
        OrchestratorMetrics.adjustEventSubscribers(by: -(removed?.count ?? 0))
        for mailbox in removed.map({ Array($0.values) }) ?? [] { mailbox.post { $0.deleted = true } }
    }

    /// Ends every subscription.
    func finishAll() {
        let all = state.withLock { state in
            defer { state.mailboxes = [:] }
            return state.mailboxes.values.flatMap(\.values)
        }
        OrchestratorMetrics.adjustEventSubscribers(by: -all.count)
        for mailbox in all { mailbox.end() }
    }

    /// The sessions with a subscriber now.
    var subscribedSessions: Set<SessionID> { state.withLock { Set($0.mailboxes.keys) } }

    /// How many sessions have a subscriber now.
    var channelCount: Int { state.withLock { $0.mailboxes.count } }

    /// Finds the subscribed sessions that stored events after `position` of the store-wide event
    /// order (written by this process or another one on the same database) and tells their
    /// subscribers; returns the position to ask from next, `nil` while nobody subscribes.
    ///
    /// With `position` `nil` (the first poll after a time without subscribers) it tells every
    /// subscribed session, since a subscriber may have read the log just before the position was taken.
    func pollOtherProcesses(after position: Int64?) async -> Int64? {
        let subscribed = subscribedSessions
        guard !subscribed.isEmpty else { return nil }
        do {
            let changes = try await store.eventLogChanges(after: position)
            let sessions = position == nil ? subscribed : changes.sessions.intersection(subscribed)
            for session in sessions { changed(session) }
            return changes.position
        } catch {
            if !Task.isCancelled { logger.warning("Reading the event log failed", metadata: ["error": "\(error)"]) }
            return position
        }
    }

}

/// What the hub has for one subscriber, and the subscriber's wait for it.
final class Mailbox: Sendable {
    struct State {
        /// The session stored events the subscriber has not read yet (or may have).
        var changed = true
        /// Live deltas not yet delivered, oldest first.
        var deltas: [SessionEvent] = []
        var deltaBytes = 0
        /// The subscriber fell too far behind the deltas: its stream ends.
        var overflowed = false
        /// The session was deleted: its stream ends after `session_deleted`.
        var deleted = false
        /// The stream ends now (its consumer stopped, or the hub finished).
        var ended = false
        var waiter: CheckedContinuation<Void, Never>?

        var hasNews: Bool { changed || !deltas.isEmpty || overflowed || deleted || ended }
    }

    let state = Mutex(State())

    /// Changes the state and wakes the waiting subscriber.
    func post(_ change: (inout State) -> Void) {
        let waiter = state.withLock { state in
            change(&state)
            guard state.hasNews, let waiter = state.waiter else { return nil as CheckedContinuation<Void, Never>? }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Ends the stream.
    func end() { post { $0.ended = true } }

    /// Waits until there is news (or the waiting task is cancelled).
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state in
                    if state.hasNews || Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            end()
        }
    }

    /// The oldest waiting delta, if it follows a stored event at or before `delivered`.
    func takeDelta(following delivered: UInt64) -> SessionEvent? {
        state.withLock { state in
            guard let delta = state.deltas.first, delta.sequence <= delivered, !state.overflowed else { return nil }
            state.deltas.removeFirst()
            state.deltaBytes -= EventHubSize.of(delta)
            return delta
        }
    }

    /// What the cursor does next.
    enum Next {
        case readStore
        case deliver(SessionEvent)
        case deleted
        case end
        case wait
    }

    /// Takes the next thing to do for a cursor that delivered up to `delivered`. A delta that
    /// follows a stored event not yet delivered waits for a store read first, unless `force`.
    func next(delivered: UInt64, force: Bool) -> Next {
        state.withLock { state in
            if state.ended || state.overflowed { return .end }
            if state.deleted { return .deleted }
            if let delta = state.deltas.first, delta.sequence <= delivered || force {
                state.deltas.removeFirst()
                state.deltaBytes -= EventHubSize.of(delta)
                return .deliver(delta)
            }
            if state.changed || !state.deltas.isEmpty {
                state.changed = false
                return .readStore
            }
            return .wait
        }
    }
}

/// A subscription's position in its session's log.
actor EventCursor {
    private let session: SessionID
    private let mailbox: Mailbox
    private let store: any AgentStore
    private let clock: any AI2AIClock
    private let logger: Logger
    private var delivered: UInt64
    private var batch: ArraySlice<SessionEvent> = []
    private var finished = false
    /// The last store read found nothing new: a waiting delta may go.
    private var readFoundNothing = false

    init(
        session: SessionID,
        after: UInt64,
        mailbox: Mailbox,
        store: any AgentStore,
        clock: any AI2AIClock,
        logger: Logger
    ) {
        self.session = session
        self.delivered = after
        self.mailbox = mailbox
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    func next() async -> SessionEvent? {
        while !finished {
            if !batch.isEmpty {
                // Deltas that follow an event already delivered go before the next stored one.
                if let delta = mailbox.takeDelta(following: delivered) { return delta }
                let event = batch.removeFirst()
                delivered = event.sequence
                return event
            }
            switch mailbox.next(delivered: delivered, force: readFoundNothing) {
            case .deliver(let event):
                readFoundNothing = false
                return event
            case .readStore:
                do {
                    batch = try await store.events(of: session, after: delivered, limit: EventHub.batchSize)[...]
                    readFoundNothing = batch.isEmpty
                    // A full batch: more may wait; read again once it is delivered.
                    if batch.count == EventHub.batchSize { mailbox.post { $0.changed = true } }
                } catch {
                    if !Task.isCancelled {
                        logger.warning(
                            "Reading a session's events failed; its stream ends",
                            metadata: ["session.id": "\(session)", "error": "\(error)"]
                        )
                    }
                    finished = true
                }
            case .deleted:
                finished = true
                return SessionEvent(
                    sessionID: session,
                    sequence: delivered,
                    timestamp: clock.now,
                    kind: .sessionDeleted
                )
            case .end:
                finished = true
            case .wait:
                await mailbox.wait()
            }
        }
        return nil
    }
}

/// The size a delta counts for in a subscriber's buffer.
enum EventHubSize {
    static func of(_ event: SessionEvent) -> Int {
        guard case .modelTextDelta(_, _, let text) = event.kind else { return 256 }
        return text.utf8.count + 256
    }
}
