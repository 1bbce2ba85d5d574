//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIPostgres
import AI2AIStorage
import Foundation
import Logging
import PostgresNIO
import Testing

/// What PostgreSQL adds to the conformance suite: several stores (several processes' pools) on one
/// database, migrations, and the errors of a real server.
@Suite(.enabled(if: PostgresTestServer.isConfigured, PostgresTestServer.skipReason), .serialized)
struct PostgresStoreTests {
    @Test func twoStoresNeverExceedAnAgentsLimit() async throws {
        try await PostgresTestServer.withDatabase { configuration in
            try await PostgresTestServer.withStore(configuration) { first in
                try await PostgresTestServer.withStore(configuration) { second in
                    let session = Session(title: "limit", createdAt: Date())
                    let agent = Agent(
                        sessionID: session.id,
                        index: 0,
                        name: "Worker",
                        role: "works",
                        model: "scripted:model",
                        provider: "scripted",
                        maxRunning: 2,
                        createdAt: Date()
                    )
                    try await first.createSession(session, agents: [agent])
                    for number in 0..<12 {
                        _ = try await second.createTask(
                            AgentTask(
                                sessionID: session.id,
                                title: "task \(number)",
                                description: "",
                                createdBy: "user",
                                assignedTo: agent.id,
                                createdAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(number))
                            )
                        )
                    }
                    let stores: [any AgentStore] = [first, second]
                    // Each round, eight claimers (four per store) race for the free slots; then the
                    // claimed tasks finish, freeing the slots for the next round.
                    for round in 0..<4 {
                        let claimed = try await withThrowingTaskGroup(of: ClaimedTask?.self) { group in
                            for claimer in 0..<8 {
                                group.addTask {
                                    let request = ClaimRequest(
                                        lease: Lease(owner: "round\(round)/claimer\(claimer)", duration: .seconds(60)),
                                        providers: ["scripted"]
                                    )
                                    return try await stores[claimer % 2].claimNext(request)
                                }
                            }
                            var claimed: [ClaimedTask] = []
                            for try await task in group { if let task { claimed.append(task) } }
                            return claimed
                        }
                        #expect(claimed.count == 2, "round \(round): \(claimed.count) claims for 2 slots")
                        #expect(Set(claimed.map(\.task.id)).count == claimed.count, "a task was claimed twice")
                        let running = try await first.tasks(TaskFilter(statuses: [.inProgress]))
                        #expect(running.count == 2, "round \(round): \(running.count) tasks in progress")
                        for task in claimed { _ = try await second.finish(task.task.id, .completed("done")) }
                    }
                }
            }
        }
    }

    @Test func changeTokenSeesCommitsOfAnotherStore() async throws {
        try await PostgresTestServer.withDatabase { configuration in
            try await PostgresTestServer.withStore(configuration) { first in
                try await PostgresTestServer.withStore(configuration) { second in
                    let before = try await first.changeToken()
                    let session = Session(title: "tokens", createdAt: Date())
                    try await second.createSession(session, agents: [])
                    let after = try await first.changeToken()
                    #expect(after != before, "a commit of another store did not change the token")
                    // A claim that finds nothing writes nothing and leaves the token alone.
                    let request = ClaimRequest(lease: Lease(owner: "x/1", duration: .seconds(5)), providers: ["none"])
                    #expect(try await second.claimNext(request) == nil)
                    #expect(try await first.changeToken() == after)
                }
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func readyWorkWakesAnotherStoresListener() async throws {
        try await PostgresTestServer.withDatabase { configuration in
            try await PostgresTestServer.withStore(configuration) { first in
                try await PostgresTestServer.withStore(configuration) { second in
                    let session = Session(title: "wake-ups", createdAt: Date())
                    let agent = Agent(
                        sessionID: session.id,
                        index: 0,
                        name: "Worker",
                        role: "works",
                        model: "scripted:model",
                        createdAt: Date()
                    )
                    try await first.createSession(session, agents: [agent])
                    var wakes = first.readyWork().makeAsyncIterator()
                    #expect(await wakes.next() != nil, "the first wake-up says the listener listens")
                    let task = AgentTask(
                        sessionID: session.id,
                        title: "wake",
                        description: "",
                        createdBy: "user",
                        assignedTo: agent.id,
                        createdAt: Date()
                    )
                    _ = try await second.createTask(task)
                    #expect(await wakes.next() != nil, "a task created by another store wakes the listener")
                    let lease = Lease(owner: "x/1", duration: .seconds(60))
                    #expect(try await first.claimNextTask(for: agent.id, lease: lease)?.id == task.id)
                    try await second.releaseLease(task.id, owner: "x/1")
                    #expect(await wakes.next() != nil, "a task given back wakes the listener")
                }
            }
        }
    }

    @Test func storesOpeningTogetherMigrateOnce() async throws {
        try await PostgresTestServer.withDatabase { configuration in
            let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await PostgresStore(configuration: configuration, logger: PostgresTestServer.logger)
                    }
                }
                var stores: [PostgresStore] = []
                for try await store in group { stores.append(store) }
                return stores
            }
            for store in stores { await store.close() }
            try await PostgresTestServer.withStore(configuration) { store in
                let session = Session(title: "after", createdAt: Date())
                try await store.createSession(session, agents: [])
                #expect(try await store.session(session.id).title == "after")
            }
        }
    }

    @Test func aDatabaseOfANewerVersionIsRefused() async throws {
        try await PostgresTestServer.withDatabase { configuration in
            try await PostgresTestServer.withStore(configuration) { _ in }
            try await PostgresTestServer.admin(
                configuration,
                "INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', 0)"
            )
            let error = await #expect(throws: AI2AIError.self) {
                _ = try await PostgresStore(configuration: configuration, logger: PostgresTestServer.logger)
            }
            #expect(error?.code == .storage)
            #expect(error?.message.contains("newer version of AI2AI") == true)
        }
    }

    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["AI2AI_TEST_POSTGRES_TLS"] == nil,
            "AI2AI_TEST_POSTGRES_TLS says the test server offers TLS"
        )
    )
    func sslmodeRequireAgainstAServerWithoutTLSSaysSo() async throws {
        var configuration = try PostgresTestServer.configuration()
        configuration.sslMode = .require
        let error = await #expect(throws: AI2AIError.self) {
            _ = try await PostgresStore(configuration: configuration, logger: PostgresTestServer.logger)
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("does not offer TLS but sslmode=require requires it") == true)
    }

    @Test func aMissingDatabaseSaysSo() async throws {
        var configuration = try PostgresTestServer.configuration()
        configuration.database = "ai2ai_no_such_database"
        let error = await #expect(throws: AI2AIError.self) {
            _ = try await PostgresStore(configuration: configuration, logger: PostgresTestServer.logger)
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("the database \"ai2ai_no_such_database\" does not exist") == true)
        if let password = configuration.password, !password.isEmpty {
            #expect(error?.message.contains(password) == false)
        }
    }

    @Test(
        .enabled(
            if: (try? PostgresTestServer.configuration().password) != nil,
            "AI2AI_TEST_POSTGRES_URL has no password: the server trusts its user, so no login can fail"
        )
    )
    func aWrongPasswordSaysSoWithoutShowingIt() async throws {
        var configuration = try PostgresTestServer.configuration()
        let real = configuration.password ?? ""
        configuration.password = "wrong-\(UUID().uuidString)"
        let recorder = LogRecorder()
        var logger = Logger(label: "test") { _ in recorder }
        logger.logLevel = .trace
        let error = await #expect(throws: AI2AIError.self) {
            _ = try await PostgresStore(configuration: configuration, logger: logger)
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("authentication of user \"\(configuration.username)\"") == true)
        for secret in [real, configuration.password ?? ""] where !secret.isEmpty {
            #expect(error?.message.contains(secret) == false)
            #expect(!recorder.text.contains(secret))
        }
    }

    /// Without a configured clock, lease expiries are read on the database server's clock: here the
    /// server runs on this machine, so its offset is about zero and a claim's lease ends a lease's
    /// duration after the claim.
    @Test func leasesAreTimedByTheDatabaseClock() async throws {
        try await PostgresTestServer.withDatabase { database in
            var database = database
            database.clock = nil
            try await PostgresTestServer.withStore(database) { store in
                let offset = try #require((store.clock as? DatabaseClock)?.measuredOffset)
                #expect(abs(offset) < 1, "the server's clock is this machine's: offset \(offset) s")
                let session = Session(title: "clock", createdAt: store.clock.now)
                let agent = Agent(
                    sessionID: session.id,
                    index: 0,
                    name: "Worker",
                    role: "works",
                    model: "scripted:model",
                    provider: "scripted",
                    createdAt: store.clock.now
                )
                try await store.createSession(session, agents: [agent])
                _ = try await store.createTask(
                    AgentTask(
                        sessionID: session.id,
                        title: "t",
                        description: "",
                        createdBy: "user",
                        assignedTo: agent.id,
                        createdAt: store.clock.now
                    )
                )
                let before = Date()
                let request = ClaimRequest(lease: Lease(owner: "o", duration: .seconds(60)), providers: ["scripted"])
                let claimed = try #require(try await store.claimNext(request))
                let expiry = try #require(claimed.task.leaseExpiresAt).timeIntervalSince(before)
                #expect(expiry > 58 && expiry < 62, "the lease ends 60 s after the claim: \(expiry) s")
                try await store.recordHeartbeat(instance: "clock-test")
            }
        }
    }
}
