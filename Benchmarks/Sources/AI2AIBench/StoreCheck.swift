//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import Foundation

/// `--check-stores`: runs the store conformance suite on the stores the benchmarks use, in the
/// release build, so that a storage change made for speed can be checked without the test build.
enum StoreCheck {
    static func run() async throws {
        for kind in OrchestrationHarness.StoreKind.allCases {
            for check in StoreConformance.checks {
                let directory = FileManager.default.temporaryDirectory
                    .appendingPathComponent("ai2ai-check-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: directory) }
                let path = directory.appendingPathComponent("check.sqlite").path
                try await check.run { clock -> any AgentStore in
                    switch kind {
                    case .sqlite: try SQLiteStore(path: path, configuration: .init(clock: clock))
                    case .memory: InMemoryStore(clock: clock)
                    }
                }
                Report.progress("store check \(check.name) passed on \(kind.rawValue)")
            }
        }
    }
}
