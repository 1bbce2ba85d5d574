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
import ServiceLifecycle
import Testing

@Suite struct ReliabilityTests {
    @Test func rateLimitsAreRetriedUntilTheProviderAnswers() async throws {
        let flaky = ScriptedModel([
            .fail(ProviderError(.rateLimited, status: 429, message: "slow down", retryAfter: .milliseconds(5))),
            .fail(ProviderError(.overloaded, status: 529, message: "overloaded")),
            .respond(.calling("complete_task", ["result": "third time lucky"])),
        ])
        let clock = ManualClock()
        let store = InMemoryStore(clock: clock)
        var configuration = Orchestrator.Configuration.manual(clock)
        configuration.modelRetry = RetryPolicy(maxRetries: 3, initialBackoff: .milliseconds(8))
        let orchestrator = Orchestrator(store: store, models: registry(["flaky": flaky]), configuration: configuration)
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Flaky")]))
            _ = try await orchestrator.send("Go", to: session.id)
            let (roots, recorded) = try await clock.skippingSleeps(within: .seconds(1)) {
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            }
            let root = try #require(roots.first)
            #expect(root.status == .completed)
            #expect(root.result == "third time lucky")
            #expect(flaky.requests.count == 3)
            // The first wait is the provider's Retry-After; the second the doubled backoff, less jitter.
            #expect(recorded.count == 2)
            #expect(recorded.first == .milliseconds(5))
            #expect(recorded.last.map { $0 >= .milliseconds(12) && $0 <= .milliseconds(16) } == true)
            let usage = try await store.usage(.task(root.id))
            #expect(usage.calls == 1)
        }
    }

    @Test func aPermanentProviderFailureFailsTheTaskWithTheReason() async throws {
        let broken = ScriptedModel([.fail(ProviderError(.authentication, status: 401, message: "invalid x-api-key"))])
        let exhausted = ScriptedModel { _ in throw ProviderError(.server, status: 503, message: "down for maintenance")
        }
        let clock = ManualClock()
        let store = InMemoryStore(clock: clock)
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["broken": broken, "exhausted": exhausted]),
            configuration: .manual(clock)
        )
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(
                SessionSpec(agents: [agent("Broken"), agent("Exhausted")])
            )
            _ = try await orchestrator.send("Go", to: session.id)
            let (roots, waits) = try await clock.skippingSleeps(within: .seconds(1)) {
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            }
            #expect(waits.count == 3, "three backoffs before the fourth and last attempt")
            #expect(roots.count == 2)
            #expect(roots.allSatisfy { $0.status == .failed })
            let errors = roots.compactMap(\.error).joined(separator: "\n")
            #expect(errors.contains("invalid x-api-key"))
            #expect(errors.contains("HTTP 401"))
            #expect(errors.contains("down for maintenance"))
            #expect(errors.contains("after 4 attempts"))
            #expect(broken.requests.count == 1)
            #expect(exhausted.requests.count == 4)
        }
    }

    @Test func restartingAnAgentMidTaskReturnsTheTaskToPendingAndItFinishesAfterwards() async throws {
        let calls = Counter()
        let blocked = Signal()
        let worker = ScriptedModel { _ in
            switch calls.next() {
            case 1:
                return .calling("post_update", ["content": "step one"])
            case 2:
                blocked.fire()
                try await suspendUntilCancelled()
                return .answer("never")
            default:
                return .calling("complete_task", ["result": "finished after the restart"])
            }
        }
        let store = try SQLiteStore(path: temporaryDatabasePath())
        let orchestrator = Orchestrator(store: store, models: registry(["worker": worker]), configuration: .fast())
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Worker")]))
            let events = orchestrator.events(for: session.id)
            let task = try #require(try await orchestrator.send("Go", to: session.id).first)
            await blocked.wait()
            #expect(try await store.task(task.id).status == .inProgress)

            try await orchestrator.restartAgent(in: session.id, index: 0)

            let root = try #require(
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240)).first
            )
            #expect(root.status == .completed)
            #expect(root.result == "finished after the restart")
            #expect(worker.requests.count == 3)
            // The resumed conversation holds the turn stored before the restart, once.
            let resumed = try #require(worker.requests.last)
            #expect(resumed.messages.filter { $0.toolCalls.contains { $0.name == "post_update" } }.count == 1)
            #expect(resumed.toolResults == ["Update posted."])
            #expect(try await store.updates(.task(root.id)).filter { $0.kind == .progress }.count == 1)
            #expect(await orchestrator.isRunning(agent: root.assignedTo))

            var statuses: [(TaskStatus, TaskStatus)] = []
            var agentEvents: [String] = []
            for await event in events {
                switch event.kind {
                case .taskStatusChanged(let id, let from, let to) where id == task.id: statuses.append((from, to))
                case .agentStarted: agentEvents.append("started")
                case .agentStopped: agentEvents.append("stopped")
                default: break
                }
                if case .taskCompleted = event.kind { break }
            }
            #expect(
                statuses.map { "\($0.0.rawValue)->\($0.1.rawValue)" } == [
                    "pending->in_progress", "in_progress->pending", "pending->in_progress", "in_progress->completed",
                ]
            )
            #expect(agentEvents.suffix(2) == ["stopped", "started"])
        }
    }

    @Test func stoppingAgentsGivesTheirTasksBackAndStartingThemAgainFinishesTheWork() async throws {
        let calls = Counter()
        let blocked = Signal()
        let worker = ScriptedModel { _ in
            if calls.next() == 1 {
                blocked.fire()
                try await suspendUntilCancelled()
            }
            return .calling("complete_task", ["result": "done"])
        }
        let store = InMemoryStore()
        let orchestrator = Orchestrator(store: store, models: registry(["worker": worker]), configuration: .fast())
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Worker")]))
            let task = try #require(try await orchestrator.send("Go", to: session.id).first)
            await blocked.wait()
            try await orchestrator.stopAgents(in: session.id)
            #expect(try await store.task(task.id).status == .pending)
            #expect(try await orchestrator.agents(in: session.id).allSatisfy { !$0.isActive })
            #expect(try await store.agents(in: session.id).allSatisfy { !$0.isActive })
            #expect(try await orchestrator.startAgents(in: session.id) == 1)
            let root = try #require(
                try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240)).first
            )
            #expect(root.status == .completed)
        }
    }

    @Test func aGracefulShutdownStopsTheLoopsAndGivesTheTaskBack() async throws {
        let blocked = Signal()
        let worker = ScriptedModel { _ in
            blocked.fire()
            try await suspendUntilCancelled()
            return .answer("never")
        }
        let store = InMemoryStore()
        let orchestrator = Orchestrator(store: store, models: registry(["worker": worker]), configuration: .fast())
        let group = ServiceGroup(services: [orchestrator])
        let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Worker")]))
        let task = try #require(try await orchestrator.send("Go", to: session.id).first)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            await blocked.wait()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let after = try await store.task(task.id)
        #expect(after.status == .pending)
        #expect(after.leaseOwner == nil)
        #expect(await !orchestrator.isRunning(agent: task.assignedTo))
    }
}
