//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Synchronization

/// The state of the orchestrator's one dispatcher: whether it runs, the sessions it claims from,
/// the tasks in flight, and the wake-up channel of its claim loop.
///
/// Agents are rows: nothing here is kept per agent or per session while it has no work. The only
/// entries are the tasks in flight (at most one per provider call slot), each freed when its claim
/// ends, and, for an orchestrator whose scope is a set of sessions, that set.
final class Dispatcher: Sendable {
    /// A claimed task being worked: what stopping its agent needs.
    struct InFlight: Sendable {
        let agent: AgentID
        let session: SessionID
        /// Finishing it stops the work (the task is given back).
        let stop: AsyncStream<Void>.Continuation
        /// Opens once the work has ended and the task is committed or given back.
        let finished: Latch
    }

    /// Where a claimed task's work learns that it should stop.
    struct Handle: Sendable {
        let stops: AsyncStream<Void>
        let finished: Latch
    }

    private struct State {
        var kicks: AsyncStream<Void>.Continuation?
        var inFlight: [TaskID: InFlight] = [:]
        var draining = false
        var graceOver = false
        var gracePeriod: Duration?
        var scope: ClaimScope
        /// Counts the wake-ups that said work may be ready (``kick()``).
        var readyGeneration: UInt64 = 0
        /// The providers whose last claim found no ready task, with the ``readyGeneration`` it saw:
        /// claiming for them again before the next ready wake-up would find nothing either.
        var exhausted: [String: UInt64] = [:]
    }

    private let state: Mutex<State>
    /// Serialises claims with ``claimBarrier()``, so that stopping an agent sees every claim that
    /// started before its store write.
    let claimLock = AsyncSemaphore(permits: 1)

    init(scope: ClaimScope) {
        state = Mutex(State(scope: scope))
    }

    /// Starts a run; returns the wake-up stream of its claim loop, or `nil` when one runs already.
    func attach() -> AsyncStream<Void>? {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let attached = state.withLock { state in
            guard state.kicks == nil else { return false }
            state.kicks = continuation
            state.draining = false
            state.graceOver = false
            state.gracePeriod = nil
            return true
        }
        guard attached else { return nil }
        continuation.yield()
        return stream
    }

    /// Ends a run.
    func detach() {
        let kicks = state.withLock { state in
            defer { state.kicks = nil }
            return state.kicks
        }
        kicks?.finish()
    }

    /// Whether a run is in progress (and not draining).
    var isRunning: Bool { state.withLock { $0.kicks != nil && !$0.draining } }

    /// Wakes the claim loop at once because work may be ready: an assignment, a task given back,
    /// an agent started, a poll tick that saw the store change.
    func kick() {
        let kicks = state.withLock { state in
            state.readyGeneration &+= 1
            return state.kicks
        }
        kicks?.yield()
    }

    /// Wakes the claim loop because a claim ended and its provider slot is free. Unless `mayBeReady`
    /// (the agent had another pending task when its task was claimed, which its limit held back),
    /// the loop claims only for providers not known to be empty: a free slot alone makes no task
    /// ready, and work that became ready since was announced by its own ``kick()``.
    func slotFreed(mayBeReady: Bool) {
        let kicks = state.withLock { state in
            if mayBeReady { state.readyGeneration &+= 1 }
            return state.kicks
        }
        kicks?.yield()
    }

    /// Of the providers with a free slot, those a claim may find work for: every one unless its
    /// last claim found nothing and no wake-up said work may be ready since.
    func worthClaiming(_ providers: Set<String>) -> (providers: Set<String>, generation: UInt64) {
        state.withLock { state in
            let generation = state.readyGeneration
            return (providers.filter { state.exhausted[$0] != generation }, generation)
        }
    }

    /// Records that a claim for these providers, started at `generation`, found no ready task.
    func noReadyWork(for providers: Set<String>, since generation: UInt64) {
        state.withLock { state in
            guard state.readyGeneration == generation else { return }
            for provider in providers { state.exhausted[provider] = generation }
        }
    }

    /// The sessions claims are made from.
    var scope: ClaimScope { state.withLock { $0.scope } }

    /// Adds a session to a scope that lists sessions (a scope of every session already has it).
    func include(_ session: SessionID) {
        state.withLock { state in
            if case .sessions(var sessions) = state.scope, !sessions.contains(session) {
                sessions.insert(session)
                state.scope = .sessions(sessions)
            }
        }
    }

    /// Starts draining: no more claims; in-flight work ends after its current turn.
    /// - Parameter gracePeriod: How long in-flight turns may take; `nil` for the configured one.
    func beginDrain(gracePeriod: Duration?) {
        let kicks = state.withLock { state in
            state.draining = true
            state.gracePeriod = gracePeriod
            return state.kicks
        }
        kicks?.yield()
    }

    /// Ends the grace period of a drain: what is still in flight is cancelled.
    func endGrace() {
        let kicks = state.withLock { state in
            state.graceOver = true
            return state.kicks
        }
        kicks?.yield()
    }

    var isDraining: Bool { state.withLock { $0.draining } }
    var isGraceOver: Bool { state.withLock { $0.graceOver } }
    /// The grace period asked for by the drain, if any.
    var requestedGracePeriod: Duration? { state.withLock { $0.gracePeriod } }

    /// Records a claimed task in flight.
    func register(_ claimed: ClaimedTask) -> Handle {
        let (stops, stop) = AsyncStream.makeStream(of: Void.self)
        let finished = Latch()
        state.withLock { state in
            state.inFlight[claimed.task.id] = InFlight(
                agent: claimed.agent.id,
                session: claimed.session.id,
                stop: stop,
                finished: finished
            )
        }
        return Handle(stops: stops, finished: finished)
    }

    /// Forgets a task whose claim ended.
    func unregister(_ task: TaskID) {
        state.withLock { _ = $0.inFlight.removeValue(forKey: task) }
    }

    /// How many tasks are in flight.
    var inFlightCount: Int { state.withLock { $0.inFlight.count } }

    /// Stops the in-flight work of these agents and waits until their tasks are given back.
    func stop(agents: Set<AgentID>) async {
        let stopping = state.withLock { state in state.inFlight.values.filter { agents.contains($0.agent) } }
        for work in stopping { work.stop.finish() }
        for work in stopping { await work.finished.wait() }
    }

    /// Stops the in-flight work of these sessions and waits until their tasks are given back.
    func stop(sessions: Set<SessionID>) async {
        let stopping = state.withLock { state in state.inFlight.values.filter { sessions.contains($0.session) } }
        for work in stopping { work.stop.finish() }
        for work in stopping { await work.finished.wait() }
    }

    /// Waits until a claim in progress (which may have read an agent as active) has registered its task.
    func claimBarrier() async {
        await claimLock.withPermitIgnoringCancellation {}
    }
}
