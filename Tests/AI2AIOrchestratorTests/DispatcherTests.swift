//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIProviders
import AI2AIStorage
import AI2AITesting
import Foundation
import Synchronization
import Testing

@testable import AI2AIOrchestrator

/// The dispatcher of issue 13: a bounded pool, admission with a provider slot in hand, routing,
/// scope, wake-ups, several processes on one file, draining, and memory freed per session.
@Suite struct DispatcherTests {
    /// A model whose calls block until released, counting the calls in flight and their peak.
    final class GatedModel: Sendable {
        private struct State {
            var inFlight = 0
            var peak = 0
            var started = 0
            var open = false
            var waiters: [CheckedContinuation<Void, Never>] = []
            var startWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        }

        private let state = Mutex(State())

        /// A scripted model that enters the gate, then completes its task.
        var model: ScriptedModel {
            ScriptedModel { _ in
                await self.enter()
                return .calling("complete_task", ["result": "done"])
            }
        }

        var peak: Int { state.withLock { $0.peak } }

        /// Enters the gate (counting the call) and returns once it opens.
        func enter() async {
            let ready: [CheckedContinuation<Void, Never>] = state.withLock { state in
                state.inFlight += 1
                state.started += 1
                state.peak = max(state.peak, state.inFlight)
                let started = state.started
                let ready = state.startWaiters.filter { $0.count <= started }.map(\.continuation)
                state.startWaiters.removeAll { $0.count <= started }
                return ready
            }
            for waiter in ready { waiter.resume() }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let passNow = state.withLock { state in
                    if state.open { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if passNow { continuation.resume() }
            }
            state.withLock { $0.inFlight -= 1 }
        }

        /// Waits until `count` calls have started.
        func waitForStarts(_ count: Int) async {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let passNow = state.withLock { state in
                    if state.started >= count { return true }
                    state.startWaiters.append((count, continuation))
                    return false
                }
                if passNow { continuation.resume() }
            }
        }

        /// Lets every call, present and future, through.
        func open() {
            let waiters = state.withLock { state in
                state.open = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    private static func limits(slots: Int) -> Orchestrator.Limits {
        Orchestrator.Limits(maxConcurrentModelCallsPerProvider: slots)
    }

    @Test(arguments: StoreKind.allCases)
    func withOneSlotAndThreeReadyTasksOnlyOneIsInProgress(_ kind: StoreKind) async throws {
        let store = try kind.make()
        let gate = GatedModel()
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["worker": gate.model]),
            configuration: .fast(limits: Self.limits(slots: 1))
        )
        var sessions: [SessionID] = []
        for _ in 0..<3 {
            let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Worker")]))
            _ = try await orchestrator.send("Go", to: session.id)
            sessions.append(session.id)
        }
        let all = sessions
        try await withRunning(orchestrator) { orchestrator in
            await gate.waitForStarts(1)
            // The claimed task holds the only slot: nothing else is claimed to wait for it.
            #expect(try await store.tasks(TaskFilter(statuses: [.inProgress])).count == 1)
            #expect(try await store.tasks(TaskFilter(statuses: [.pending])).count == 2)
            #expect(orchestrator.services.dispatcher.inFlightCount == 1)
            #expect(orchestrator.services.slots.inUse == 1)
            gate.open()
            for session in all {
                let roots = try await orchestrator.waitUntilSettled(session: session, timeout: .seconds(240))
                #expect(roots.first?.status == .completed)
            }
        }
        #expect(gate.peak == 1)
        // No claim waited for a slot, so none was charged an attempt.
        #expect(try await store.tasks(TaskFilter()).allSatisfy { $0.attempt == 0 })
    }

    @Test func thePoolNeverWorksMoreTasksThanItHasSlots() async throws {
        let store = InMemoryStore()
        let gate = GatedModel()
        let other = GatedModel()
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["worker": gate.model, "helper": other.model]),
            configuration: .fast(limits: Self.limits(slots: 2))
        )
        #expect(orchestrator.services.slots.total == 4)
        var sessions: [SessionID] = []
        for _ in 0..<6 {
            let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Worker"), agent("Helper")]))
            _ = try await orchestrator.send("Go", to: session.id)
            sessions.append(session.id)
        }
        let all = sessions
        try await withRunning(orchestrator) { orchestrator in
            await gate.waitForStarts(2)
            await other.waitForStarts(2)
            #expect(try await store.tasks(TaskFilter(statuses: [.inProgress])).count == 4)
            #expect(orchestrator.services.dispatcher.inFlightCount == 4)
            gate.open()
            other.open()
            for session in all {
                let roots = try await orchestrator.waitUntilSettled(session: session, timeout: .seconds(240))
                #expect(roots.allSatisfy { $0.status == .completed })
            }
        }
        #expect(gate.peak == 2)
        #expect(other.peak == 2)
    }

    @Test func aTaskOfAnUnconfiguredProviderStaysPending() async throws {
        let store = InMemoryStore()
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["worker": completing { _ in "done" }]),
            configuration: .fast()
        )
        // "ghost:test" names a provider this process has not configured.
        let ghost = try await orchestrator.createSession(SessionSpec(agents: [agent("Ghost")]))
        let ghostTask = try #require(try await orchestrator.send("Go", to: ghost.id).first)
        let control = try await orchestrator.createSession(SessionSpec(agents: [agent("Worker")]))
        _ = try await orchestrator.send("Go", to: control.id)
        try await withRunning(orchestrator) { orchestrator in
            // The older ghost task would have been claimed before the control task.
            _ = try await orchestrator.waitUntilSettled(session: control.id, timeout: .seconds(240))
            let after = try await store.task(ghostTask.id)
            #expect(after.status == .pending)
            #expect(after.attempt == 0)
            #expect(await !orchestrator.isRunning(agent: ghostTask.assignedTo))
            #expect(try await orchestrator.agents(in: ghost.id).allSatisfy { !$0.isActive })
        }
    }

    @Test func anOrchestratorClaimsOnlyTheSessionsInItsScope() async throws {
        let store = try SQLiteStore(path: temporaryDatabasePath())
        let models = registry(["worker": completing { _ in "done" }])
        // Sessions written by another process.
        let writer = Orchestrator(store: store, models: models, configuration: .fast())
        let mine = try await writer.createSession(SessionSpec(agents: [agent("Worker")]))
        let theirs = try await writer.createSession(SessionSpec(agents: [agent("Worker")]))
        let theirTask = try #require(try await writer.send("Go", to: theirs.id).first)
        _ = try await writer.send("Go", to: mine.id)

        var configuration = Orchestrator.Configuration.fast()
        configuration.claimScope = .sessions([mine.id])
        let orchestrator = Orchestrator(store: store, models: models, configuration: configuration)
        try await withRunning(orchestrator) { orchestrator in
            let roots = try await orchestrator.waitUntilSettled(session: mine.id, timeout: .seconds(240))
            #expect(roots.first?.status == .completed)
            // A session it creates joins its scope.
            let created = try await orchestrator.createSession(SessionSpec(agents: [agent("Worker")]))
            _ = try await orchestrator.send("Go", to: created.id)
            _ = try await orchestrator.waitUntilSettled(session: created.id, timeout: .seconds(240))
            #expect(try await store.task(theirTask.id).status == .pending)
        }
    }

    @Test func anAssignmentWakesTheDispatcherWithoutAPoll() async throws {
        // The manual clock never moves: no poll, no recovery pass ever runs after the first.
        let clock = ManualClock()
        let store = InMemoryStore(clock: clock)
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["worker": completing { _ in "done" }]),
            configuration: .manual(clock)
        )
        let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Worker")]))
        try await withRunning(orchestrator) { orchestrator in
            for round in 0..<3 {
                _ = try await orchestrator.send("Round \(round)", to: session.id)
                let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(3600))
                #expect(roots.count == round + 1)
                #expect(roots.allSatisfy { $0.status == .completed })
            }
        }
    }

    @Test func twoOrchestratorsOnOneSQLiteFileBothCommitTurns() async throws {
        let path = temporaryDatabasePath()
        let first = try SQLiteStore(path: path)
        let second = try SQLiteStore(path: path)
        // Each call waits until both processes have a call in flight, so each works at least one task.
        let bothBusy = GatedModel()
        let start = Counter()
        let handler: ScriptedModel.Handler = { _ in
            if start.next() <= 2 { await bothBusy.enter() }
            return .calling("complete_task", ["result": "done"])
        }
        let modelA = ScriptedModel(handler: handler)
        let modelB = ScriptedModel(handler: handler)
        var configuration = Orchestrator.Configuration.fast(limits: Self.limits(slots: 1))
        let a = Orchestrator(store: first, models: registry(["worker": modelA]), configuration: configuration)
        configuration.instanceID = "second"
        let b = Orchestrator(store: second, models: registry(["worker": modelB]), configuration: configuration)
        var sessions: [SessionID] = []
        for _ in 0..<10 {
            let session = try await a.createSession(SessionSpec(agents: [agent("Worker")]))
            _ = try await a.send("Go", to: session.id)
            sessions.append(session.id)
        }
        let all = sessions
        try await withRunning(a) { a in
            try await withRunning(b) { _ in
                await bothBusy.waitForStarts(2)
                bothBusy.open()
                for session in all {
                    let roots = try await a.waitUntilSettled(session: session, timeout: .seconds(120))
                    #expect(roots.first?.status == .completed)
                }
            }
        }
        #expect(modelA.requests.count >= 1)
        #expect(modelB.requests.count >= 1)
        #expect(modelA.requests.count + modelB.requests.count == 10)
        for task in try await first.tasks(TaskFilter()) {
            #expect(try await first.turns(of: task.id).count == 1)
        }
    }

    @Test func aDrainLetsTheCurrentTurnFinishThenGivesTheTaskBack() async throws {
        let store = InMemoryStore()
        let gate = GatedModel()
        let worker = ScriptedModel { _ in
            await gate.enter()
            return .calling("post_update", ["content": "half way"])
        }
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["worker": worker]),
            configuration: .fast()
        )
        let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Worker")]))
        let task = try #require(try await orchestrator.send("Go", to: session.id).first)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await orchestrator.run() }
            await gate.waitForStarts(1)
            orchestrator.beginShutdown(gracePeriod: .seconds(600))
            #expect(!orchestrator.isRunning)
            gate.open()
            // run() returns by itself once the turn is stored and the task given back.
            try await group.waitForAll()
        }
        let after = try await store.task(task.id)
        #expect(after.status == .pending)
        #expect(after.leaseOwner == nil)
        #expect(after.attempt == 0)
        #expect(try await store.turns(of: task.id).count == 1)
        #expect(worker.requests.count == 1)
    }

    @Test func aDrainCancelsWhatStillRunsAfterTheGracePeriod() async throws {
        let store = InMemoryStore()
        let started = Signal()
        let worker = ScriptedModel { _ in
            started.fire()
            try await suspendUntilCancelled()
            return .answer("never")
        }
        let orchestrator = Orchestrator(store: store, models: registry(["worker": worker]), configuration: .fast())
        let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Worker")]))
        let task = try #require(try await orchestrator.send("Go", to: session.id).first)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await orchestrator.run() }
            await started.wait()
            orchestrator.beginShutdown(gracePeriod: .milliseconds(10))
            try await group.waitForAll()
        }
        let after = try await store.task(task.id)
        #expect(after.status == .pending)
        #expect(after.leaseOwner == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func finishedSessionsLeaveNothingInMemory(_ kind: StoreKind) async throws {
        let store = try kind.make()
        let models = registry([
            "lead": DelegationTests.coordinator(delegatingTo: ["Left", "Right"]),
            "left": completing { _ in "l" },
            "right": completing { _ in "r" },
        ])
        let orchestrator = Orchestrator(store: store, models: models, configuration: .fast())
        try await withRunning(orchestrator) { orchestrator in
            for number in 0..<30 {
                let session = try await orchestrator.createSession(
                    SessionSpec(title: "\(number)", agents: [agent("Lead"), agent("Left"), agent("Right")])
                )
                _ = try await orchestrator.send("Go", to: session.id, targets: [0])
                let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
                #expect(roots.first?.status == .completed)
            }
        }
        // run() has returned: every worker has ended.
        let services = orchestrator.services
        #expect(services.events.channelCount == 0)
        #expect(services.sessionGates.count == 0)
        #expect(services.dispatcher.inFlightCount == 0)
        #expect(services.slots.inUse == 0)
        // A server's scope is every session: no per-session entry there either.
        #expect(services.dispatcher.scope == .allSessions)
    }
}
