//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import Synchronization

/// Fans session events out to subscribers, numbering them per session.
///
/// Publishing is synchronous and happens under one lock, so the order in which events are
/// published is the order every subscriber sees, and sequence numbers have no gaps.
///
/// A session has a channel only while it has subscribers: events of a session nobody listens to
/// cost nothing, and a channel whose subscribers have all gone is freed (at the session's next
/// event, or by ``sweep()``), so memory never grows with the number of sessions. A session's
/// numbering starts again at 1 when it gets a subscriber after having none.
final class EventHub: Sendable {
    /// Set when a subscription's consumer stops; read without the hub's lock.
    private final class Ended: Sendable {
        let flag = Atomic(false)
    }

    private struct Subscriber {
        let continuation: AsyncStream<SessionEvent>.Continuation
        let ended: Ended
    }

    private struct SessionChannel {
        var sequence: UInt64 = 0
        var subscribers: [Int: Subscriber] = [:]
    }

    private struct State {
        var channels: [SessionID: SessionChannel] = [:]
        var nextSubscriberID = 0
    }

    private let state = Mutex(State())
    /// Stamps the events.
    private let clock: any AI2AIClock

    init(clock: any AI2AIClock) {
        self.clock = clock
    }

    /// Subscribes to a session's events from now on.
    ///
    /// A subscription ends when its consumer stops; it is dropped at the session's next event or
    /// the next ``sweep()``. (The `onTermination` handler only sets a flag and never takes the hub's
    /// lock: a task being cancelled holds its status lock while running that handler, and
    /// `publish` resumes consumers under the hub's lock, so the two would deadlock.)
    func subscribe(to session: SessionID) -> AsyncStream<SessionEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: SessionEvent.self, bufferingPolicy: .unbounded)
        let ended = Ended()
        continuation.onTermination = { _ in ended.flag.store(true, ordering: .relaxed) }
        state.withLock { state in
            let id = state.nextSubscriberID
            state.nextSubscriberID += 1
            state.channels[session, default: SessionChannel()].subscribers[id] = Subscriber(
                continuation: continuation,
                ended: ended
            )
        }
        return stream
    }

    /// Publishes events of one session, in order; nothing happens when it has no subscriber.
    func publish(_ session: SessionID, _ kinds: [SessionEvent.Kind]) {
        guard !kinds.isEmpty else { return }
        let now = clock.now
        state.withLock { state in
            guard var channel = state.channels[session] else { return }
            for kind in kinds {
                channel.sequence += 1
                let event = SessionEvent(sessionID: session, sequence: channel.sequence, timestamp: now, kind: kind)
                for (id, subscriber) in channel.subscribers {
                    if case .terminated = subscriber.continuation.yield(event) { channel.subscribers[id] = nil }
                }
            }
            state.channels[session] = channel.subscribers.isEmpty ? nil : channel
        }
    }

    /// Publishes one event.
    func publish(_ session: SessionID, _ kind: SessionEvent.Kind) {
        publish(session, [kind])
    }

    /// Publishes a session's last event, ends its subscriptions and forgets its channel.
    func close(_ session: SessionID, with last: SessionEvent.Kind) {
        publish(session, last)
        let channel = state.withLock { $0.channels.removeValue(forKey: session) }
        for subscriber in channel.map({ Array($0.subscribers.values) }) ?? [] { subscriber.continuation.finish() }
    }

    /// Drops the subscriptions whose consumers stopped, and the channels left without one.
    func sweep() {
        state.withLock { state in
            for (session, var channel) in state.channels {
                let before = channel.subscribers.count
                channel.subscribers = channel.subscribers.filter { !$0.value.ended.flag.load(ordering: .relaxed) }
                if channel.subscribers.isEmpty {
                    state.channels[session] = nil
                } else if channel.subscribers.count != before {
                    state.channels[session] = channel
                }
            }
        }
    }

    /// How many sessions have a channel now.
    var channelCount: Int { state.withLock { $0.channels.count } }

    /// Ends every subscription.
    func finishAll() {
        let continuations = state.withLock { state in
            state.channels.values.flatMap { $0.subscribers.values.map(\.continuation) }
        }
        for continuation in continuations { continuation.finish() }
    }
}
