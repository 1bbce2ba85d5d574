//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import GRDB
import Testing

@testable import AI2AIStorage

/// The cross-session claim on a SQLite file: across connections (as two processes would share it),
/// with its indexes, and on a large file.
@Suite struct SQLiteClaimTests {
    static let epoch = Date(timeIntervalSince1970: 1_700_000_000)

    /// Creates a session whose agents may run `maxRunning` tasks, with `tasks` pending tasks each.
    static func seed(
        _ store: SQLiteStore,
        agents agentCount: Int,
        maxRunning: Int,
        tasks: Int
    ) async throws -> [Agent] {
        let session = Session(title: "shared", createdAt: epoch)
        let agents = (0..<agentCount).map { index in
            Agent(
                sessionID: session.id,
                index: index,
                name: "Agent \(index)",
                role: "r",
                model: "ollama:m",
                maxRunning: maxRunning,
                createdAt: epoch
            )
        }
        try await store.createSession(session, agents: agents)
        for agent in agents {
            for index in 0..<tasks {
                _ = try await store.createTask(
                    AgentTask(
                        sessionID: session.id,
                        title: "t\(index)",
                        description: "d",
                        createdBy: "user",
                        assignedTo: agent.id,
                        createdAt: epoch.addingTimeInterval(Double(index))
                    )
                )
            }
        }
        return agents
    }

    /// Two `SQLiteStore`s on one file (two connections pools, as two processes have) claiming at
    /// once never claim one task twice and never run an agent past its `max_running`.
    @Test(arguments: [1, 2])
    func twoConnectionsNeverClaimTwiceNorExceedMaxRunning(maxRunning: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("shared.sqlite")
        let first = try SQLiteStore(path: path)
        let second = try SQLiteStore(path: path)
        let agents = try await Self.seed(first, agents: 6, maxRunning: maxRunning, tasks: 5)

        let claims = try await withThrowingTaskGroup(of: [ClaimedTask].self) { group in
            for worker in 0..<8 {
                let store = worker.isMultiple(of: 2) ? first : second
                group.addTask {
                    var mine: [ClaimedTask] = []
                    while true {
                        let request = ClaimRequest(
                            lease: Lease(owner: "w\(worker)-\(mine.count)", duration: .seconds(300)),
                            providers: ["ollama"]
                        )
                        guard let claimed = try await store.claimNext(request) else { return mine }
                        mine.append(claimed)
                    }
                }
            }
            var all: [ClaimedTask] = []
            for try await batch in group { all += batch }
            return all
        }
        #expect(Set(claims.map(\.task.id)).count == claims.count)
        #expect(claims.count == agents.count * maxRunning)
        for agent in agents {
            let running = try await first.tasks(TaskFilter(statuses: [.inProgress], assignedTo: agent.id))
            #expect(running.count == maxRunning)
        }
        // Each one that finishes lets exactly one more start, whichever connection claims.
        let done = try #require(claims.first)
        _ = try await second.finish(done.task.id, .completed("ok"))
        let request = ClaimRequest(lease: Lease(owner: "late", duration: .seconds(60)), providers: ["ollama"])
        let next = try await first.claimNext(request)
        #expect(next?.agent.id == done.agent.id)
        #expect(try await second.claimNext(request) == nil)
    }

    /// The claim reads the ready agents from an index of pending tasks, and counts in-progress
    /// tasks by index: no statement of the claim scans a whole table.
    @Test func theClaimUsesIndexesOnly() async throws {
        let store = try SQLiteStore.temporary()
        let plans = try await store.pool.read { db in
            var plans: [String] = []
            for sql in SQLiteOperations.claimStatements {
                let rows = try Row.fetchAll(
                    db,
                    sql: "EXPLAIN QUERY PLAN " + sql,
                    arguments: StatementArguments(
                        Array(repeating: DatabaseValue.null, count: sql.filter { $0 == "?" }.count)
                    )
                )
                plans += rows.map { $0["detail"] as String }
            }
            return plans
        }
        // `p` is the claim's list of ready agents, built from the index of pending tasks.
        let scans = plans.filter {
            $0.hasPrefix("SCAN") && !$0.contains("USING") && !$0.contains("json_each") && $0 != "SCAN p"
        }
        #expect(scans.isEmpty, "\(plans)")
        #expect(plans.contains { $0.contains("task_status_assignee") }, "\(plans)")
        print(plans.joined(separator: "\n"))
    }

    /// Median time of 20 claims (each claimed task finished before the next claim) on a store with
    /// 3 ready agents of 20 pending tasks each.
    static func medianClaim(_ store: SQLiteStore) async throws -> Duration {
        let ready = try await seed(store, agents: 3, maxRunning: 1, tasks: 20)
        let request = ClaimRequest(lease: Lease(owner: "probe", duration: .seconds(60)), providers: ["ollama"])
        let clock = ContinuousClock()
        var durations: [Duration] = []
        var claimedAgents: Set<AgentID> = []
        for _ in 0..<20 {
            var claimed: ClaimedTask?
            durations.append(try await clock.measure { claimed = try await store.claimNext(request) })
            let task = try #require(claimed).task
            claimedAgents.insert(task.assignedTo)
            _ = try await store.finish(task.id, .completed("ok"))
        }
        #expect(claimedAgents == Set(ready.map(\.id)))
        return durations.sorted()[durations.count / 2]
    }

    /// How long one claim takes on a file with 100,000 finished sessions (three tasks each), against
    /// an empty file. Set AI2AI_BIG_CLAIM=1 to run it (it writes about 100 MB and takes minutes).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["AI2AI_BIG_CLAIM"] == "1"))
    func aClaimOnAHundredThousandSessions() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let small = try await Self.medianClaim(try SQLiteStore(path: directory.path("small.sqlite")))
        let store = try SQLiteStore(path: directory.path("big.sqlite"))
        let sessions = 100_000
        try await store.pool.write { db in
            for index in 0..<sessions {
                let session = "s\(index)"
                let agent = "a\(index)"
                let time = Self.epoch.timeIntervalSince1970 + Double(index)
                try db.execute(
                    sql: "INSERT INTO session (id, tags, created_at, updated_at, last_claim) VALUES (?, '[]', ?, ?, ?)",
                    arguments: [session, time, time, index]
                )
                try db.execute(
                    sql: """
                        INSERT INTO agent (id, session_id, idx, name, role, model, action_format, is_active,
                        provider, max_running, created_at) VALUES (?, ?, 0, 'A', 'r', 'ollama:m', 'tool_calls', 1,
                        'ollama', 1, ?)
                        """,
                    arguments: [agent, session, time]
                )
                for task in 0..<3 {
                    try db.execute(
                        sql: """
                            INSERT INTO task (id, session_id, title, description, status, created_by, assigned_to,
                            depth, result, created_at, updated_at, completed_at, attempt)
                            VALUES (?, ?, 't', 'd', 'completed', 'user', ?, 0, 'ok', ?, ?, ?, 0)
                            """,
                        arguments: ["t\(index)-\(task)", session, agent, time, time, time]
                    )
                }
            }
        }
        let big = try await Self.medianClaim(store)
        print("claimNext median: \(small) on an empty file, \(big) with \(sessions) stored sessions")
        #expect(big < .milliseconds(50))
    }
}
