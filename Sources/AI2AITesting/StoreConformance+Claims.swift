//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Foundation

// The cross-session claim (`AgentStore.claimNext`): what it returns, and the limits, routing, scope
// and order it honours.

extension StoreConformance {
    static func request(
        _ owner: String,
        providers: Set<String> = ["scripted"],
        scope: ClaimScope = .allSessions,
        seconds: Int64 = 60
    ) -> ClaimRequest {
        ClaimRequest(lease: Lease(owner: owner, duration: .seconds(seconds)), scope: scope, providers: providers)
    }

    /// A claimed task comes with its agent, session, roster and everything its turn is built from.
    @Sendable static func claimNextReturnsTurnInputs(_ store: any AgentStore, _ clock: ManualClock) async throws {
        let fixture = try await Fixture.make(store, agentCount: 2)
        let parent = try await fixture.claimed(store, "parent")
        let child = try await store.createTask(fixture.task("child", agent: 1, parent: parent.id))
        let grandchild = try await store.createTask(fixture.task("grandchild", agent: 0, parent: child.id))
        _ = try await store.finish(grandchild.id, .completed("found it"))
        try await store.setContext(
            ContextEntry(taskID: child.id, key: "plan", value: "two steps", updatedAt: clock.now)
        )
        try await store.appendUpdate(
            TaskUpdate(
                taskID: child.id,
                sessionID: fixture.session.id,
                kind: .progress,
                author: "x",
                content: "halfway",
                createdAt: clock.now
            )
        )
        let turn = TurnRecord(taskID: child.id, index: 0, payload: Data("turn 0".utf8), createdAt: clock.now)
        // A turn needs the lease: claim the child, commit a turn that waits, and let it come back.
        guard let first = try await store.claimNext(request("w-1")) else {
            throw ConformanceFailure("claimNext found nothing")
        }
        try requireEqual(first.task.id, child.id, "the only pending task")
        _ = try await store.commitTurn(TurnCommit(turn: turn, leaseOwner: "w-1", outcome: .waitForChildren))

        guard let claimed = try await store.claimNext(request("w-2")) else {
            throw ConformanceFailure("claimNext found nothing the second time")
        }
        try requireEqual(claimed.task.id, child.id, "claimed task")
        try requireEqual(claimed.task.status, .inProgress, "in progress")
        try requireEqual(claimed.task.leaseOwner, "w-2", "under the request's lease")
        try requireEqual(claimed.leaseOwner, "w-2", "leaseOwner")
        try requireSameTime(claimed.task.leaseExpiresAt, clock.now.adding(.seconds(60)), "expiry from the store's now")
        try requireEqual(claimed.agent.id, fixture.agents[1].id, "its agent")
        try requireEqual(claimed.session.id, fixture.session.id, "its session")
        try requireEqual(claimed.roster.map(\.id), fixture.agents.map(\.id), "the roster by index")
        try requireEqual(claimed.parent?.id, parent.id, "its parent")
        try requireEqual(claimed.context.map(\.value), ["two steps"], "its context")
        try requireEqual(claimed.updates.map(\.content), ["halfway"], "its updates")
        try requireEqual(claimed.turns.map(\.payload), [Data("turn 0".utf8)], "its stored turns")
        try requireEqual(claimed.children.map(\.id), [grandchild.id], "its subtasks")
        try requireEqual(claimed.children.first?.result, "found it", "with their results")
        try requireEqual(try await store.task(child.id).status, .inProgress, "the claim is stored")
        try requireEqual(try await store.claimNext(request("w-3"))?.task.id, nil, "nothing else is ready")
    }

    /// An agent never has more tasks in progress than its `maxRunning`, through either claim.
    @Sendable static func claimNextHonoursMaxRunning(_ store: any AgentStore) async throws {
        let one = try await Fixture.make(store, agentCount: 1, title: "one", maxRunning: 1)
        let two = try await Fixture.make(store, agentCount: 1, title: "two", maxRunning: 2)
        for index in 0..<3 {
            _ = try await store.createTask(
                one.task("one \(index)", createdAt: Fixture.epoch.addingTimeInterval(Double(index)))
            )
            _ = try await store.createTask(
                two.task("two \(index)", createdAt: Fixture.epoch.addingTimeInterval(Double(index)))
            )
        }
        var claimed: [ClaimedTask] = []
        while let next = try await store.claimNext(request("w-\(claimed.count)")) { claimed.append(next) }
        try requireEqual(claimed.filter { $0.agent.id == one.agents[0].id }.count, 1, "max_running 1: one claim")
        try requireEqual(claimed.filter { $0.agent.id == two.agents[0].id }.count, 2, "max_running 2: two claims")
        let lease = Lease(owner: "per-agent", duration: .seconds(60))
        try requireEqual(
            try await store.claimNextTask(for: one.agents[0].id, lease: lease)?.id,
            nil,
            "the per-agent claim honours the limit too"
        )

        // Each way out of in-progress frees a slot.
        let first = try unwrap(claimed.first { $0.agent.id == one.agents[0].id }, "the claim of agent one")
        _ = try await store.finish(first.task.id, .completed("done"))
        let next = try await store.claimNext(request("after-finish"))
        try requireEqual(next?.agent.id, one.agents[0].id, "finishing frees a slot")
        try await store.releaseLease(try unwrap(next, "the claim after finishing").task.id, owner: "after-finish")
        try requireEqual(
            try await store.claimNextTask(for: one.agents[0].id, lease: lease)?.sessionID,
            one.session.id,
            "releasing frees a slot"
        )
        try requireEqual(try await store.claimNext(request("full")).map(\.task.id), nil, "both agents are full")
        let full = try await store.tasks(TaskFilter(statuses: [.inProgress], assignedTo: two.agents[0].id))
        _ = try await store.waitForChildren(try unwrap(full.first, "a task of agent two").id)
        try requireEqual(
            try await store.claimNext(request("after-wait"))?.agent.id,
            two.agents[0].id,
            "parking frees a slot"
        )
    }

    /// A stopped agent's tasks are never claimed by `claimNext`; started again, they are.
    @Sendable static func claimNextSkipsStoppedAgents(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store, agentCount: 2)
        let stopped = try await store.createTask(fixture.task("stopped", agent: 0))
        let running = try await store.createTask(
            fixture.task("running", agent: 1, createdAt: Fixture.epoch.addingTimeInterval(1))
        )
        try await store.setAgentActive(fixture.agents[0].id, isActive: false)
        try requireEqual(try await store.claimNext(request("a"))?.task.id, running.id, "the active agent's task")
        try requireEqual(try await store.claimNext(request("b"))?.task.id, nil, "never the stopped agent's")
        try await store.setAgentActive(fixture.agents[0].id, isActive: true)
        try requireEqual(try await store.claimNext(request("c"))?.task.id, stopped.id, "claimed once started again")
    }

    /// Only tasks of agents whose provider the request admits; an empty set admits nothing.
    @Sendable static func claimNextRoutesByProvider(_ store: any AgentStore) async throws {
        let ollama = try await Fixture.make(store, agentCount: 1, title: "ollama", provider: "ollama")
        let openai = try await Fixture.make(store, agentCount: 1, title: "openai", provider: "openai")
        let unknown = try await Fixture.make(store, agentCount: 1, title: "unknown", provider: "")
        let local = try await store.createTask(ollama.task("local"))
        let remote = try await store.createTask(openai.task("remote", createdAt: Fixture.epoch.addingTimeInterval(-10)))
        let legacy = try await store.createTask(
            unknown.task("legacy", createdAt: Fixture.epoch.addingTimeInterval(-20))
        )

        try requireEqual(try await store.claimNext(request("none", providers: [])).map(\.task.id), nil, "no provider")
        try requireEqual(
            try await store.claimNext(request("other", providers: ["anthropic"])).map(\.task.id),
            nil,
            "a provider no agent uses"
        )
        try requireEqual(
            try await store.claimNext(request("o", providers: ["ollama"]))?.task.id,
            local.id,
            "only the admitted provider's task, though it is the newest"
        )
        try requireEqual(
            try await store.claimNext(request("p", providers: ["ollama", "openai"]))?.task.id,
            remote.id,
            "a set of providers"
        )
        try requireEqual(
            try await store.claimNext(request("q", providers: ["ollama", "openai"])).map(\.task.id),
            nil,
            "an unknown provider is not admitted by the others"
        )
        try requireEqual(
            try await store.claimNext(request("r", providers: [""]))?.task.id,
            legacy.id,
            "\"\" admits agents whose provider is unknown"
        )
    }

    /// A scope of sessions claims only from them; an empty one claims nothing.
    @Sendable static func claimNextHonoursScope(_ store: any AgentStore) async throws {
        let mine = try await Fixture.make(store, agentCount: 1, title: "mine")
        let theirs = try await Fixture.make(store, agentCount: 1, title: "theirs")
        let own = try await store.createTask(mine.task("own"))
        let other = try await store.createTask(theirs.task("other", createdAt: Fixture.epoch.addingTimeInterval(-10)))
        try requireEqual(
            try await store.claimNext(request("e", scope: .sessions([]))).map(\.task.id),
            nil,
            "an empty scope"
        )
        try requireEqual(
            try await store.claimNext(request("m", scope: .sessions([mine.session.id])))?.task.id,
            own.id,
            "only the scope's session, though the other task is older"
        )
        try requireEqual(
            try await store.claimNext(request("n", scope: .sessions([mine.session.id]))).map(\.task.id),
            nil,
            "nothing left in scope"
        )
        try requireEqual(try await store.claimNext(request("all"))?.task.id, other.id, "all sessions")
    }

    /// With 1,000 ready tasks in session A, a new task in session B is claimed within the next 8
    /// claims: both while A's claimed tasks stay in progress, and when each is finished before the
    /// next claim (a process with one call slot).
    @Sendable static func claimNextIsFair(_ store: any AgentStore, _ clock: ManualClock) async throws {
        let busy = try await Fixture.make(store, agentCount: 4, title: "A")
        for index in 0..<1000 {
            _ = try await store.createTask(
                busy.task(
                    "a \(index)",
                    agent: index % 4,
                    createdAt: Fixture.epoch.addingTimeInterval(Double(index) / 1000)
                )
            )
        }
        for held in [false, true] {
            for index in 0..<3 {
                let claimed = try await store.claimNext(request("warm-\(held)-\(index)"))
                try requireEqual(claimed?.session.id, busy.session.id, "A's tasks are all there is")
                if !held, let claimed { _ = try await store.finish(claimed.task.id, .completed("ok")) }
            }
            clock.advance(by: .seconds(1))
            let quiet = try await Fixture.make(store, agentCount: 1, title: "B held=\(held)", createdAt: clock.now)
            let late = try await store.createTask(quiet.task("b", createdAt: clock.now))
            var position: Int?
            for index in 0..<8 {
                guard let claimed = try await store.claimNext(request("after-\(held)-\(index)")) else { break }
                if claimed.task.id == late.id {
                    position = index
                    break
                }
                if !held { _ = try await store.finish(claimed.task.id, .completed("ok")) }
            }
            try require(position != nil, "B's task is claimed within 8 claims (A's claims held: \(held))")
        }
    }

    /// Many concurrent `claimNext` callers never claim one task twice and never run an agent past
    /// its `maxRunning`.
    @Sendable static func claimNextUnderContention(_ store: any AgentStore) async throws {
        var fixtures: [Fixture] = []
        for limit in [1, 2, 3] {
            let fixture = try await Fixture.make(store, agentCount: 2, title: "limit \(limit)", maxRunning: limit)
            for index in 0..<20 {
                _ = try await store.createTask(fixture.task("t \(index)", agent: index % 2))
            }
            fixtures.append(fixture)
        }
        let limits = Dictionary(
            uniqueKeysWithValues: fixtures.flatMap { fixture in fixture.agents.map { ($0.id, $0.maxRunning) } }
        )
        let claims = try await withThrowingTaskGroup(of: [ClaimedTask].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var mine: [ClaimedTask] = []
                    while let claimed = try await store.claimNext(request("w\(worker)-\(mine.count)")) {
                        mine.append(claimed)
                    }
                    return mine
                }
            }
            var all: [ClaimedTask] = []
            for try await batch in group { all += batch }
            return all
        }
        try requireEqual(Set(claims.map(\.task.id)).count, claims.count, "no task claimed twice")
        try requireEqual(claims.count, 2 * (1 + 2 + 3), "every agent filled to its limit, no further")
        for (agent, limit) in limits {
            let running = try await store.tasks(TaskFilter(statuses: [.inProgress], assignedTo: agent)).count
            try requireEqual(running, limit, "tasks in progress of an agent with max_running \(limit)")
        }
    }
}

extension StoreConformance {
    /// Recovery charges an attempt only for a claim that started a model call (marked after the
    /// claim, or by the claim itself) and committed no turn.
    @Sendable static func attemptCharging(_ store: any AgentStore, _ clock: ManualClock) async throws {
        let fixture = try await Fixture.make(store, agentCount: 1)
        let task = try await store.createTask(fixture.task("charged?"))
        func claim(_ owner: String) async throws {
            let claimed = try await store.claimNext(request(owner, seconds: 10))
            try requireEqual(claimed?.task.id, task.id, "claimed by \(owner)")
        }
        func expire() async throws -> AgentTask? {
            clock.advance(by: .seconds(11))
            return try await store.recoverExpiredLeases(maxAttempts: 2).first
        }

        try await claim("queued")
        var recovered = try await expire()
        try requireEqual(recovered?.status, .pending, "a claim that never started a call goes back")
        try requireEqual(recovered?.attempt, 0, "claimed but not started: not charged")

        try await claim("committed")
        try await store.markCallStarted(task.id, owner: "committed")
        _ = try await store.commitTurn(
            TurnCommit(
                turn: TurnRecord(taskID: task.id, index: 0, payload: Data("t0".utf8), createdAt: clock.now),
                leaseOwner: "committed"
            )
        )
        try await store.markCallStarted(task.id, owner: "committed")
        recovered = try await expire()
        try requireEqual(recovered?.attempt, 0, "a claim that committed a turn: not charged")

        try await claim("crashed")
        try await requireThrows(.leaseLost, "marking a call under another owner") {
            try await store.markCallStarted(task.id, owner: "someone else")
        }
        try await requireThrows(.notFound, "marking a call of an unknown task") {
            try await store.markCallStarted(TaskID("missing"), owner: "crashed")
        }
        try await store.markCallStarted(task.id, owner: "crashed")
        recovered = try await expire()
        try requireEqual(recovered?.status, .pending, "below the limit it goes back")
        try requireEqual(recovered?.attempt, 1, "started a call and committed nothing: charged")

        try await claim("queued again")
        recovered = try await expire()
        try requireEqual(recovered?.attempt, 1, "a new claim starts uncharged")

        // A claim whose call starts at once records the call itself (`ClaimRequest.startsCall`).
        var starting = request("crashed again", seconds: 10)
        starting.startsCall = true
        try requireEqual(try await store.claimNext(starting)?.task.id, task.id, "claimed by crashed again")
        recovered = try await expire()
        try requireEqual(recovered?.status, .failed, "the second charged expiry reaches the limit")
        try requireEqual(recovered?.attempt, 2, "attempts")
        try await requireThrows(.leaseLost, "marking a call of a task no longer in progress") {
            try await store.markCallStarted(task.id, owner: "crashed again")
        }
    }

    /// A claim whose orchestrator instance stopped beating before its lease expired costs no
    /// attempt (its process stopped); one whose instance beat after costs one (it stalled).
    @Sendable static func processStopsAreNotAttempts(_ store: any AgentStore, _ clock: ManualClock) async throws {
        let fixture = try await Fixture.make(store, agentCount: 1)
        let task = try await store.createTask(fixture.task("stopped or stalled?"))
        func expireClaim(of owner: String, beatAfterExpiry: Bool) async throws -> AgentTask? {
            let instance = owner.split(separator: "/").dropLast().joined(separator: "/")
            try await store.recordHeartbeat(instance: instance)
            let claimed = try await store.claimNext(request(owner, seconds: 10))
            try requireEqual(claimed?.task.id, task.id, "claimed by \(owner)")
            try await store.markCallStarted(task.id, owner: owner)
            clock.advance(by: .seconds(11))
            if beatAfterExpiry { try await store.recordHeartbeat(instance: instance) }
            return try await store.recoverExpiredLeases(maxAttempts: 3).first
        }

        var recovered = try await expireClaim(of: "server/1/a", beatAfterExpiry: false)
        try requireEqual(recovered?.status, .pending, "a stopped process's task goes back")
        try requireEqual(recovered?.attempt, 0, "a stopped process costs no attempt")
        recovered = try await expireClaim(of: "server/2/a", beatAfterExpiry: true)
        try requireEqual(recovered?.attempt, 1, "a claim that stalled in a live process costs one")
        for run in 3...10 {
            recovered = try await expireClaim(of: "server/\(run)/a", beatAfterExpiry: false)
            try requireEqual(recovered?.attempt, 1, "stop \(run - 1) costs no attempt")
        }
        try requireEqual(recovered?.status, .pending, "nine stops: still pending")
        recovered = try await expireClaim(of: "server/11/a", beatAfterExpiry: false)
        try requireEqual(recovered?.status, .failed, "the tenth stop fails the task")
        try requireEqual(recovered?.attempt, 1, "stops are not attempts")
    }
}
