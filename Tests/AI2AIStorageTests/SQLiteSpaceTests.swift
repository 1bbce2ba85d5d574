//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import AI2AITesting
import Foundation
import Testing

@Suite("SQLiteStore gives the space of deleted sessions back to the file system")
struct SQLiteSpaceTests {
    @Test("deleting many finished sessions shrinks the database file")
    func fileShrinks() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("space.sqlite")
        let clock = ManualClock()
        let store = try SQLiteStore(path: path, configuration: .init(clock: clock))
        let text = String(repeating: "All work and no play. ", count: 1_000)
        for index in 0..<200 {
            let session = Session(title: "S\(index)", createdAt: clock.now)
            let agent = Agent(sessionID: session.id, index: 0, name: "A", role: "R", model: "m", createdAt: clock.now)
            try await store.createSession(session, agents: [agent])
            let task = try await store.createTask(
                AgentTask(
                    sessionID: session.id,
                    title: "T",
                    description: text,
                    createdBy: "user",
                    assignedTo: agent.id,
                    createdAt: clock.now
                )
            )
            _ = try await store.finish(task.id, .completed(text))
        }
        try await store.reclaimSpace()
        let full = try Self.size(of: path)
        #expect(full > 4_000_000, "\(full) bytes")

        clock.advance(by: .seconds(86_400))
        var deleted = 0
        while true {
            let batch = try await store.deleteFinishedSessions(lastActiveBefore: clock.now, limit: 64)
            deleted += batch.count
            if batch.isEmpty { break }
        }
        #expect(deleted == 200)
        let emptied = try Self.size(of: path)
        #expect(emptied < full / 10, "\(full) bytes before, \(emptied) after")
        #expect(try await store.sessionSummaries(limit: 10, offset: 0).isEmpty)
    }

    private static func size(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }
}
