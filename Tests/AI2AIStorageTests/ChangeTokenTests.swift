//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import Testing

@testable import AI2AIStorage

@Suite("The change token tells a poll whether another connection or this store changed rows")
struct ChangeTokenTests {
    private static func session(_ title: String) -> (Session, Agent) {
        let session = Session(title: title, createdAt: Date())
        let agent = Agent(
            sessionID: session.id,
            index: 0,
            name: "Solo",
            role: "All",
            model: "ollama:m",
            createdAt: Date()
        )
        return (session, agent)
    }

    @Test("reads and empty claims keep it; this store's writes and another connection's commits change it")
    func changes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("token.sqlite")
        let mine = try SQLiteStore(path: path)
        let theirs = try SQLiteStore(path: path)
        let start = try await mine.changeToken()
        #expect(try await mine.changeToken() == start)
        _ = try await mine.sessionSummaries(limit: 10, offset: 0)
        let nothing = ClaimRequest(lease: Lease(owner: "i/1/c", duration: .seconds(60)), providers: ["ollama"])
        #expect(try await mine.claimNext(nothing) == nil)
        #expect(try await mine.changeToken() == start, "a read and a claim that found nothing change no row")

        let (ours, ourAgent) = Self.session("Ours")
        try await mine.createSession(ours, agents: [ourAgent])
        let afterOwnWrite = try await mine.changeToken()
        #expect(afterOwnWrite != start, "this store's own commit")

        let (other, otherAgent) = Self.session("Theirs")
        try await theirs.createSession(other, agents: [otherAgent])
        let afterTheirs = try await mine.changeToken()
        #expect(afterTheirs != afterOwnWrite, "another connection's commit (another process's, alike)")
        #expect(try await mine.changeToken() == afterTheirs)
    }
}
