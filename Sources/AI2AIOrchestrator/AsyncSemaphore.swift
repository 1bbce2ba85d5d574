//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Synchronization

/// A counting semaphore for async code, fair (first come, first served).
///
/// ``withPermit(_:)`` gives up with `CancellationError` when its task is cancelled while waiting;
/// ``withPermitIgnoringCancellation(_:)`` waits anyway (for short critical sections that must run,
/// such as clean-up after a cancellation).
final class AsyncSemaphore: Sendable {
    private enum Resumer {
        case throwing(CheckedContinuation<Void, any Error>)
        case plain(CheckedContinuation<Void, Never>)

        func resume() {
            switch self {
            case .throwing(let continuation): continuation.resume()
            case .plain(let continuation): continuation.resume()
            }
        }
    }

    private enum Waiter {
        /// In line, not suspended yet.
        case registered
        /// Suspended.
        case waiting(Resumer)
        /// Cancelled before it suspended.
        case cancelled
    }

    private struct State {
        var permits: Int
        var nextID: UInt64 = 0
        var order: [UInt64] = []
        var waiters: [UInt64: Waiter] = [:]
    }

    private let state: Mutex<State>

    /// Creates a semaphore with `permits` permits (at least 1).
    init(permits: Int) {
        state = Mutex(State(permits: max(permits, 1)))
    }

    /// Runs `body` holding a permit.
    /// - Throws: `CancellationError` when cancelled while waiting, or what `body` throws.
    func withPermit<T>(_ body: () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await body()
    }

    /// Runs `body` holding a permit; waits for the permit even when the task is cancelled.
    func withPermitIgnoringCancellation<T>(_ body: () async throws -> T) async rethrows -> T {
        await acquireIgnoringCancellation()
        defer { release() }
        return try await body()
    }

    /// Takes a permit at once, or puts the caller in line and returns its ticket.
    private func enqueue() -> UInt64? {
        state.withLock { state in
            if state.permits > 0, state.order.isEmpty {
                state.permits -= 1
                return nil
            }
            let id = state.nextID
            state.nextID += 1
            state.order.append(id)
            state.waiters[id] = .registered
            return id
        }
    }

    /// Records the suspended waiter; returns `false` when it was granted (or cancelled) already.
    private func suspend(_ id: UInt64, _ resumer: Resumer) -> Waiter? {
        state.withLock { state in
            switch state.waiters[id] {
            case .registered:
                state.waiters[id] = .waiting(resumer)
                return nil
            case .cancelled:
                state.waiters[id] = nil
                return .cancelled
            case .waiting, nil:
                return .registered  // granted before suspending
            }
        }
    }

    private func acquireIgnoringCancellation() async {
        guard let id = enqueue() else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            if suspend(id, .plain(continuation)) != nil { continuation.resume() }
        }
    }

    private func acquire() async throws {
        guard let id = enqueue() else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                switch suspend(id, .throwing(continuation)) {
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .registered: continuation.resume()
                case .waiting, nil: break
                }
            }
        } onCancel: {
            let resumer: Resumer? = state.withLock { state in
                guard let waiter = state.waiters[id] else { return nil }
                switch waiter {
                case .registered:
                    state.order.removeAll { $0 == id }
                    state.waiters[id] = .cancelled
                    return nil
                case .waiting(let resumer):
                    state.order.removeAll { $0 == id }
                    state.waiters[id] = nil
                    return resumer
                case .cancelled:
                    return nil
                }
            }
            if case .throwing(let continuation) = resumer {
                continuation.resume(throwing: CancellationError())
            } else {
                resumer?.resume()
            }
        }
    }

    private func release() {
        let next: Resumer? = state.withLock { state in
            while !state.order.isEmpty {
                let id = state.order.removeFirst()
                switch state.waiters.removeValue(forKey: id) {
                case .waiting(let resumer): return resumer
                case .registered: return nil  // granted: the waiter finds its entry gone
                case .cancelled, nil: continue
                }
            }
            state.permits += 1
            return nil
        }
        next?.resume()
    }
}
