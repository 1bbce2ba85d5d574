//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIStorage
import AI2AITesting
import Foundation
import Testing

/// The conformance suite against both stores that ship with AI2AI.
@Suite struct StoreConformanceTests {
    @Test(arguments: StoreConformance.checks)
    func inMemory(_ check: StoreConformance.Check) async throws {
        try await check.run { clock in InMemoryStore(clock: clock) }
    }

    @Test(arguments: StoreConformance.checks)
    func sqlite(_ check: StoreConformance.Check) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await check.run { clock in
            try SQLiteStore(path: directory.path("store.sqlite"), configuration: .init(clock: clock))
        }
    }
}

/// A directory under the system's temporary directory, removed by ``remove()``.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ai2ai-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
