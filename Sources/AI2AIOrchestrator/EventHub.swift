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
final class EventHub: Sendable {
    private struct SessionChannel {
        var sequence: UInt64 = 0
        var subscribers: [Int: AsyncStream<SessionEvent>.Continuation] = [:]
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
    /// A subscription ends when its consumer stops; it is dropped at the session's next event.
    /// (No `onTermination` handler takes the hub's lock: a task being cancelled holds its status
    /// lock while running that handler, and `publish` resumes consumers under the hub's lock, so
    /// the two would deadlock.)
    func subscribe(to session: SessionID) -> AsyncStream<SessionEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: SessionEvent.self, bufferingPolicy: .unbounded)
        state.withLock { state in
            let id = state.nextSubscriberID
            state.nextSubscriberID += 1
            state.channels[session, default: SessionChannel()].subscribers[id] = continuation
        }
        return stream
    }

    /// Publishes events of one session, in order.
    func publish(_ session: SessionID, _ kinds: [SessionEvent.Kind]) {
        guard !kinds.isEmpty else { return }
        let now = clock.now
        state.withLock { state in
            var channel = state.channels[session, default: SessionChannel()]
            for kind in kinds {
                channel.sequence += 1
                let event = SessionEvent(sessionID: session, sequence: channel.sequence, timestamp: now, kind: kind)
                for (id, continuation) in channel.subscribers {
                    if case .terminated = continuation.yield(event) { channel.subscribers[id] = nil }
                }
            }
            state.channels[session] = channel
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
        for continuation in channel.map({ Array($0.subscribers.values) }) ?? [] { continuation.finish() }
    }

    /// How many sessions have a channel (for tests).
    var channelCount: Int { state.withLock { $0.channels.count } }

    /// Ends every subscription.
    func finishAll() {
        let continuations = state.withLock { state in
            state.channels.values.flatMap { $0.subscribers.values }
        }
        for continuation in continuations { continuation.finish() }
    }
}
