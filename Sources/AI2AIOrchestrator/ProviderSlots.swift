//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Synchronization

/// The provider call slots of one orchestrator: how many tasks of each configured provider may be
/// worked at once (``Orchestrator/Limits/maxConcurrentModelCallsPerProvider``).
///
/// Admission: the dispatcher takes a free slot of every provider that has one, claims a task of one
/// of those providers, and gives the other slots back at once. The claimed task keeps its slot
/// until its claim ends (it completes, fails, waits on subtasks or is given back), so its model
/// calls never wait for a slot while its lease runs, and a provider never has more calls in flight
/// than it has slots. Slots never block: they are taken or not.
final class ProviderSlots: Sendable {
    private let capacity: [String: Int]
    private let free: Mutex<[String: Int]>

    /// Creates the slots of the configured providers.
    /// - Parameters:
    ///   - providers: The providers this process has configured (the model registry's names).
    ///   - perProvider: Slots per provider (at least 1).
    init(providers: [String], perProvider: Int) {
        let slots = Dictionary(providers.map { ($0, max(perProvider, 1)) }, uniquingKeysWith: { first, _ in first })
        self.capacity = slots
        self.free = Mutex(slots)
    }

    /// How many slots all providers have together: the most tasks the pool works at once.
    var total: Int { capacity.values.reduce(0, +) }

    /// The configured providers.
    var providers: Set<String> { Set(capacity.keys) }

    /// Takes one free slot of every provider that has one; returns those providers.
    func reserveFree() -> Set<String> {
        free.withLock { free in
            var taken = Set<String>()
            for (provider, count) in free where count > 0 {
                free[provider] = count - 1
                taken.insert(provider)
            }
            return taken
        }
    }

    /// Gives slots back.
    func release(_ providers: some Sequence<String>) {
        free.withLock { free in
            for provider in providers {
                guard let count = free[provider], let limit = capacity[provider] else { continue }
                free[provider] = min(count + 1, limit)
            }
        }
    }

    /// How many slots are taken now, over all providers.
    var inUse: Int {
        free.withLock { free in capacity.reduce(0) { $0 + $1.value - (free[$1.key] ?? 0) } }
    }
}
