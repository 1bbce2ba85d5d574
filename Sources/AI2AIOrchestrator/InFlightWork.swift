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
        /// Cancellations that arrived between a claim and its worker's registration.
        var early: Set<String> = []
    }

    private let state = Mutex(State())
    /// The prefix of this orchestrator's lease owners; cancellations of other owners are not ours.
    private let ownerPrefix: String

    init(instanceID: String) {
        self.ownerPrefix = instanceID + "/"
    }

    /// Registers the worker of a claim; the stream yields once when the task is cancelled.
    /// Call ``finish(_:)`` when the work ends.
    func register(_ owner: String) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let cancelledEarly = state.withLock { state in
            state.workers[owner] = continuation
            return state.early.remove(owner) != nil
        }
        if cancelledEarly { continuation.yield() }
        return stream
    }

    /// Forgets a worker whose work ended.
    func finish(_ owner: String) {
        let continuation = state.withLock { $0.workers.removeValue(forKey: owner) }
        continuation?.finish()
    }

    /// Tells the worker holding a cancelled task's lease to stop, if it is one of ours.
    func cancel(_ owner: String) {
        guard owner.hasPrefix(ownerPrefix) else { return }
        let continuation = state.withLock { state in
            guard let continuation = state.workers[owner] else {
                // Claimed here, its worker not registered yet: it stops as soon as it registers.
                state.early.insert(owner)
                return AsyncStream<Void>.Continuation?.none
            }
            return continuation
        }
        continuation?.yield()
    }

    /// How many workers are registered and cancellations are waiting for theirs (for tests).
    var count: Int { state.withLock { $0.workers.count + $0.early.count } }
}

/// Thrown inside a worker whose task was cancelled; ends its work without touching the task.
struct TaskWasCancelled: Error {}
