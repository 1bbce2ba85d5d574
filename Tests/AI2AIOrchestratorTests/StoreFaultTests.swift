//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIOrchestrator
import AI2AIProviders
import AI2AIStorage
import AI2AITesting
import Foundation
import Synchronization
import Testing

/// Store faults and races: a lost lease, lease recovery racing a claim, feedback exchanges at once.
@Suite struct StoreFaultTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    /// A session of one agent, `Solo` (model `solo:test`), with one task, written straight to the store.
    static func soloSession(in store: any AgentStore) async throws -> (Session, Agent, AgentTask) {
        let session = Session(title: "solo", createdAt: Self.t0)
        let solo = Agent(
            sessionID: session.id,
            index: 0,
            name: "Solo",
            role: "Helper",
            model: "solo:test",
            createdAt: Self.t0
        )
        try await store.createSession(session, agents: [solo])
        let task = try await store.createTask(
            AgentTask(
                sessionID: session.id,
                title: "Go",
                description: "Go",
                createdBy: "user",
                assignedTo: solo.id,
                createdAt: Self.t0
            )
        )
        return (session, solo, task)
    }

    // MARK: Finishing needs the lease (issue 11, item 10)

    @Test(arguments: StoreKind.allCases)
    func aWorkerThatLostItsLeaseDoesNotEndTheTaskAfterAnError(_ kind: StoreKind) async throws {
        let base = try kind.make()
        let (_, solo, task) = try await Self.soloSession(in: base)
        let stolen = Mutex(false)
        let endingTried = Signal()
        let store = InterceptingStore(base) { call in
            switch call {
            case .commitTurn(let commit) where commit.turn.taskID == task.id && !stolen.withLock({ $0 }):
                // Another process takes the task over, then this worker's store write (its first:
                // the claim brought the turn's inputs and recorded the call) fails.
                stolen.withLock { $0 = true }
                let id = commit.turn.taskID
                let current = try await base.task(id)
                try await base.releaseLease(id, owner: current.leaseOwner ?? "")
                _ = try await base.claimNextTask(for: solo.id, lease: Lease(owner: "thief", duration: .seconds(3600)))
                throw AI2AIError(.storage, "disk I/O error")
            case .finish(let id) where id == task.id:
                endingTried.fire()
            case .commitTurn(let commit) where commit.turn.taskID == task.id:
                // The worker's attempt to end the task after the error.
                endingTried.fire()
            default:
                break
            }
        }
        var configuration = Orchestrator.Configuration.fast()
        configuration.resumesActiveAgents = true
        // One provider slot, held by the worker until it ends: this process cannot claim the task
        // again between the thief's release and its claim.
        configuration.limits.maxConcurrentModelCallsPerProvider = 1
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["solo": completing { _ in "never called" }]),
            configuration: configuration
        )
        try await withRunning(orchestrator) { _ in
            try await waitAtMost(.seconds(120)) { await endingTried.wait() }
        }
        let after = try await base.task(task.id)
        #expect(after.status == .inProgress)
        #expect(after.leaseOwner == "thief")
        #expect(try await base.turns(of: task.id).isEmpty)
    }

    // MARK: A busy store is retried, not fatal (issue 11, item 10)

    @Test(arguments: [2, 5])
    func aBusyStoreIsRetriedAndTheTaskStillCompletes(_ busyCommits: Int) async throws {
        let base = InMemoryStore()
        let (session, _, task) = try await Self.soloSession(in: base)
        let commits = Counter()
        let store = InterceptingStore(base) { call in
            guard case .commitTurn = call, commits.next() <= busyCommits else { return }
            throw AI2AIError(.unavailable, "database is locked")
        }
        var configuration = Orchestrator.Configuration.fast()
        // Two retries: 2 busy commits are absorbed by the retries; 5 outlast them twice, so the
        // task goes back to pending and is worked again.
        configuration.storeRetry = RetryPolicy(
            maxRetries: 2,
            initialBackoff: .milliseconds(1),
            maxBackoff: .milliseconds(2)
        )
        let solo = completing { _ in "done" }
        let orchestrator = Orchestrator(store: store, models: registry(["solo": solo]), configuration: configuration)
        try await withRunning(orchestrator) { orchestrator in
            let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            #expect(roots.map(\.id) == [task.id])
            #expect(roots.first?.status == .completed)
            #expect(roots.first?.result == "done")
        }
        #expect(try await base.turns(of: task.id).count == 1)
        #expect(try await base.usage(.task(task.id)).calls == 1)
        #expect(solo.requests.count == (busyCommits < 3 ? 1 : 2))
    }

    // MARK: Lease recovery keeps the causal order (issue 11, item 11)

    @Test(arguments: StoreKind.allCases)
    func leaseRecoveryIsAnnouncedBeforeTheTaskIsClaimedAgain(_ kind: StoreKind) async throws {
        let base = try kind.make()
        let (session, solo, task) = try await Self.soloSession(in: base)
        // A worker of a dead process: its lease ran out a minute ago.
        _ = try #require(
            try await base.claimNextTask(
                for: solo.id,
                lease: Lease(owner: "dead", duration: .seconds(-60))
            )
        )
        let recovered = Signal()
        let claimedAgain = Signal()
        let store = InterceptingStore(base) { call in
            switch call {
            case .recovered(let tasks) where tasks.contains { $0.id == task.id }:
                // Hold the recovery after its write until the task is claimed again.
                recovered.fire()
                try await waitAtMost(.seconds(120)) { await claimedAgain.wait() }
            case .claimed(let claimed?) where claimed.id == task.id:
                claimedAgain.fire()
            default:
                break
            }
        }
        var configuration = Orchestrator.Configuration.fast()
        configuration.resumesActiveAgents = false
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["solo": completing { _ in "done" }]),
            configuration: configuration
        )
        // From the claim of the dead worker on: the history before it is not what is checked.
        let history = try await base.events(of: session.id, after: 0, limit: 100)
        let claimEvent = try #require(history.last).sequence
        let events = orchestrator.events(for: session.id, after: claimEvent)
        try await withRunning(orchestrator) { orchestrator in
            try await waitAtMost(.seconds(120)) { await recovered.wait() }
            try await orchestrator.startAgents(in: session.id)
            var seen: [SessionEvent] = []
            for await event in events {
                seen.append(event)
                if case .taskCompleted(let finished) = event.kind, finished.id == task.id { break }
            }
            try checkCausalOrder(seen, initial: [task.id: .inProgress], after: claimEvent)
            #expect(try await base.task(task.id).status == .completed)
        }
    }
}

/// Runs `body`, giving up (with an error) after `timeout`; only to keep a broken test from hanging.
func waitAtMost(_ timeout: Duration, _ body: @escaping @Sendable () async -> Void) async throws {
    try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
            await body()
            return true
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            return false
        }
        let finished = try await group.next() ?? false
        group.cancelAll()
        if !finished { throw TestFailure("Timed out after \(timeout)") }
    }
}
