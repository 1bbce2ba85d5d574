//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Synchronization

/// One ``AsyncSemaphore`` per key, kept only while someone holds or waits for it: a key's entry is
/// created on first use and freed when its last user leaves, so the map never grows with keys
/// that are no longer used (one per session, for the session gates).
final class KeyedSemaphores<Key: Hashable & Sendable>: Sendable {
    private struct Entry {
        let semaphore: AsyncSemaphore
        var users: Int
    }

    private let permits: Int
    private let entries = Mutex<[Key: Entry]>([:])

    init(permits: Int) { self.permits = permits }

    /// Runs `body` holding a permit of `key`'s semaphore; waits for it even when cancelled.
    func withPermitIgnoringCancellation<T>(for key: Key, _ body: () async throws -> T) async rethrows -> T {
        let semaphore = checkOut(key)
        defer { checkIn(key) }
        return try await semaphore.withPermitIgnoringCancellation(body)
    }

    /// How many keys have an entry now (users holding or waiting).
    var count: Int { entries.withLock { $0.count } }

    private func checkOut(_ key: Key) -> AsyncSemaphore {
        entries.withLock { entries in
            if var entry = entries[key] {
                entry.users += 1
                entries[key] = entry
                return entry.semaphore
            }
            let semaphore = AsyncSemaphore(permits: permits)
            entries[key] = Entry(semaphore: semaphore, users: 1)
            return semaphore
        }
    }

    private func checkIn(_ key: Key) {
        entries.withLock { entries in
            guard var entry = entries[key] else { return }
            entry.users -= 1
            entries[key] = entry.users > 0 ? entry : nil
        }
    }
}
