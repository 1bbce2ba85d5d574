//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Synchronization

/// One ``AsyncSemaphore`` per key, created on first use.
final class KeyedSemaphores<Key: Hashable & Sendable>: Sendable {
    private let permits: Int
    private let semaphores = Mutex<[Key: AsyncSemaphore]>([:])

    init(permits: Int) { self.permits = permits }

    func semaphore(for key: Key) -> AsyncSemaphore {
        semaphores.withLock { semaphores in
            if let semaphore = semaphores[key] { return semaphore }
            let semaphore = AsyncSemaphore(permits: permits)
            semaphores[key] = semaphore
            return semaphore
        }
    }

    /// Forgets a key's semaphore; a later use creates a new one.
    func remove(_ key: Key) {
        semaphores.withLock { _ = $0.removeValue(forKey: key) }
    }

    /// How many keys have a semaphore (for tests).
    var count: Int { semaphores.withLock { $0.count } }
}
