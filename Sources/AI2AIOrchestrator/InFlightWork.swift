//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Synchronization

/// The tasks this orchestrator's workers are working now, by lease owner, so that cancelling a task
/// stops its worker (and the model call it is waiting on) at once rather than at its next store call.
final class InFlightWork: Sendable {
    private struct State {
        var workers: [String: AsyncStream<Void>.Continuation] = [:]
        /// Claims in progress or made whose worker has not registered yet, and whether a
        /// cancellation arrived for them meanwhile.
        var expected: [String: Bool] = [:]
    }

    private let state = Mutex(State())
    /// The prefix of this orchestrator's lease owners; cancellations of other owners are not ours.
    private let ownerPrefix: String

    init(instanceID: String) {
        self.ownerPrefix = instanceID + "/"
    }

    /// Announces a claim about to be made with this lease owner, so that a cancellation that
    /// arrives before its worker registers is kept for it. Call ``forget(_:)`` when the claim
    /// finds nothing or fails; otherwise the worker's ``register(_:)`` and ``finish(_:)`` take over.
    func expect(_ owner: String) {
        state.withLock { $0.expected[owner] = false }
    }

    /// Forgets a lease owner: its claim found nothing, failed, or its work has ended.
    func forget(_ owner: String) {
        let continuation = state.withLock { state in
            state.expected.removeValue(forKey: owner)
            return state.workers.removeValue(forKey: owner)
        }
        continuation?.finish()
    }

    /// Registers the worker of a claim; the stream yields once when the task is cancelled.
    /// Call ``finish(_:)`` when the work ends.
    func register(_ owner: String) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let cancelledEarly = state.withLock { state in
            state.workers[owner] = continuation
            return state.expected.removeValue(forKey: owner) ?? false
        }
        if cancelledEarly { continuation.yield() }
        return stream
    }

    /// Forgets a worker whose work ended.
    func finish(_ owner: String) { forget(owner) }

    /// Tells the worker holding a cancelled task's lease to stop, if it is one of ours and its
    /// work has not ended (a cancellation that comes after the work has nothing to stop).
    func cancel(_ owner: String) {
        guard owner.hasPrefix(ownerPrefix) else { return }
        let continuation = state.withLock { state -> AsyncStream<Void>.Continuation? in
            if let continuation = state.workers[owner] { return continuation }
            // Claimed here, its worker not registered yet: it stops as soon as it registers.
            if state.expected[owner] != nil { state.expected[owner] = true }
            return nil
        }
        continuation?.yield()
    }

    /// How many workers are registered and cancellations are kept for workers not registered yet
    /// (for tests; claims in progress are not counted).
    var count: Int { state.withLock { $0.workers.count + $0.expected.values.count { $0 } } }
}

/// Thrown inside a worker whose task was cancelled; ends its work without touching the task.
struct TaskWasCancelled: Error {}
