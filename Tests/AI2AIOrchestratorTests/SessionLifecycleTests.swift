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
import Testing

@testable import AI2AIOrchestrator

@Suite("Sessions have a life cycle: cancel, delete, retention", .timeLimit(.minutes(5)))
struct SessionLifecycleTests {
    /// A model whose call never ends by itself: it fires `called`, then waits until cancelled and fires `stopped`.
    private static func stuck(called: Signal, stopped: Signal) -> ScriptedModel {
        ScriptedModel { _ in
            called.fire()
            do {
                try await suspendUntilCancelled()
            } catch {
                stopped.fire()
                throw error
            }
            return .answer("never")
        }
    }

    @Test(
        "cancelSession cancels the model call in flight at once, not at the next lease renewal",
        arguments: StoreKind.allCases
    )
    func cancelStopsTheCallAtOnce(_ kind: StoreKind) async throws {
        let called = Signal()
        let stopped = Signal()
        let store = try kind.make()
        // Renewals an hour apart: only the cancellation itself can stop the call within the test.
        let configuration = Orchestrator.Configuration.fast(
            leaseDuration: .seconds(7200),
            leaseRenewalInterval: .seconds(3600)
        )
        let models = registry(["one": Self.stuck(called: called, stopped: stopped), "two": completing { _ in "x" }])
        let orchestrator = Orchestrator(store: store, models: models, configuration: configuration)
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [agent("One"), agent("Two")]))
            let events = orchestrator.events(for: session.id)
            let sent = try await orchestrator.send("Work on it", to: session.id, targets: [0])
            await called.wait()

            let cancelled = try await orchestrator.cancelSession(session.id)
            #expect(cancelled.map(\.id) == sent.map(\.id))
            #expect(cancelled.allSatisfy { $0.status == .cancelled && $0.error == "Cancelled" })
            await stopped.wait()

            var kinds: [SessionEvent.Kind] = []
            for await event in events {
                kinds.append(event.kind)
                if event.kind == .sessionCancelled { break }
            }
            #expect(kinds.contains(.taskStatusChanged(taskID: sent[0].id, from: .inProgress, to: .cancelled)))

            let stored = try await orchestrator.tasks(in: session.id)
            #expect(stored.map(\.status) == [.cancelled])
            #expect(try await store.turns(of: sent[0].id).isEmpty)
            let summary = try #require(try await orchestrator.sessions().first { $0.id == session.id })
            #expect(summary.status == .cancelled)
            #expect(summary.taskCounts[.cancelled] == 1)

            // Idempotent: nothing left to cancel.
            #expect(try await orchestrator.cancelSession(session.id).isEmpty)
            // The session stays usable: a new message starts new work.
            _ = try await orchestrator.send("Again", to: session.id, targets: [1])
            let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            #expect(roots.map(\.status) == [.cancelled, .completed])
        }
        #expect(orchestrator.services.inFlight.count == 0)
    }

    @Test("cancelTask cancels a subtask; its waiting parent continues with the outcome", arguments: StoreKind.allCases)
    func cancelTaskResumesTheParent(_ kind: StoreKind) async throws {
        let called = Signal()
        let stopped = Signal()
        let lead = ScriptedModel { request in
            if request.resumesAfterSubtasks {
                return .calling("complete_task", ["result": .string("Went on after: \(request.subtasksNote)")])
            }
            return .calling([delegation("Helper", "Slow part")])
        }
        let models = registry(["lead": lead, "helper": Self.stuck(called: called, stopped: stopped)])
        let configuration = Orchestrator.Configuration.fast(
            leaseDuration: .seconds(7200),
            leaseRenewalInterval: .seconds(3600)
        )
        let orchestrator = Orchestrator(store: try kind.make(), models: models, configuration: configuration)
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Lead"), agent("Helper")]))
            _ = try await orchestrator.send("Do it", to: session.id, targets: [0])
            await called.wait()
            let child = try #require(try await orchestrator.tasks(in: session.id).first { $0.parentTaskID != nil })
            let cancelled = try await orchestrator.cancelTask(child.id, reason: "Not needed any more")
            #expect(cancelled.map(\.id) == [child.id])
            await stopped.wait()
            let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            #expect(roots.first?.status == .completed)
            #expect(roots.first?.result?.contains("Not needed any more") == true)
            #expect(try await orchestrator.cancelTask(child.id).isEmpty)
            await #expect(throws: AI2AIError.self) { try await orchestrator.cancelTask("missing") }
        }
    }

    @Test(
        "deleteSession removes the rows and frees every in-memory structure of the session",
        arguments: StoreKind.allCases
    )
    func deleteFreesEverything(_ kind: StoreKind) async throws {
        let called = Signal()
        let stopped = Signal()
        let store = try kind.make()
        let models = registry([
            "one": completing { _ in "done" }, "stuck": Self.stuck(called: called, stopped: stopped),
        ])
        let configuration = Orchestrator.Configuration.fast(
            leaseDuration: .seconds(7200),
            leaseRenewalInterval: .seconds(3600)
        )
        let orchestrator = Orchestrator(store: store, models: models, configuration: configuration)
        let services = orchestrator.services
        try await withRunning(orchestrator) { orchestrator in
            let kept = try await orchestrator.createSession(SessionSpec(agents: [agent("One")]))
            let gone = try await orchestrator.createSession(SessionSpec(agents: [agent("One"), agent("Stuck")]))
            _ = try await orchestrator.send("Keep", to: kept.id)
            _ = try await orchestrator.waitUntilSettled(session: kept.id, timeout: .seconds(240))
            _ = try await orchestrator.send("Finish", to: gone.id, targets: [0])
            _ = try await orchestrator.waitUntilSettled(session: gone.id, timeout: .seconds(240))
            // A task still being worked when the session is deleted.
            _ = try await orchestrator.send("Never ends", to: gone.id, targets: [1])
            await called.wait()
            _ = try await orchestrator.feedbackSessionMessage(gone.id)

            // The only per-session state: the in-flight task and the subscribed channel. The worker
            // of "Finish" forgets its task just after the commit that settled the session.
            try await waitAtMost(.seconds(240)) {
                while services.dispatcher.inFlightCount > 1 && !Task.isCancelled { await Task.yield() }
            }
            #expect(services.dispatcher.inFlightCount == 1)
            #expect(services.inFlight.count == 1)
            let events = orchestrator.events(for: gone.id)

            try await orchestrator.deleteSession(gone.id)
            await stopped.wait()

            var last: SessionEvent.Kind?
            for await event in events { last = event.kind }
            #expect(last == .sessionDeleted)
            #expect(services.dispatcher.inFlightCount == 0)
            #expect(services.events.channelCount == 0)
            #expect(services.sessionGates.count == 0)
            #expect(services.inFlight.count == 0)

            await #expect(throws: AI2AIError.self) { try await store.session(gone.id) }
            #expect(try await store.tasks(.session(gone.id)).isEmpty)
            #expect(try await store.messages(in: gone.id).isEmpty)
            #expect(try await store.usage(.session(gone.id)).calls == 0)
            #expect(try await orchestrator.sessions().map(\.id) == [kept.id])
            do {
                try await orchestrator.deleteSession(gone.id)
                Issue.record("deleting twice succeeded")
            } catch let error as AI2AIError {
                #expect(error.code == .notFound)
            }
            #expect(try await orchestrator.tasks(in: kept.id).map(\.status) == [.completed])
        }
    }

    @Test("retention deletes finished sessions once the injected clock passes the limit", arguments: StoreKind.allCases)
    func retentionDeletesFinishedSessions(_ kind: StoreKind) async throws {
        let clock = ManualClock()
        let store: any AgentStore =
            switch kind {
            case .sqlite: try SQLiteStore(path: temporaryDatabasePath(), configuration: .init(clock: clock))
            case .memory: InMemoryStore(clock: clock)
            }
        let called = Signal()
        let stopped = Signal()
        var configuration = Orchestrator.Configuration.manual(clock, leaseDuration: .seconds(30 * 86_400))
        configuration.retention = .seconds(86_400)
        configuration.retentionCheckInterval = .seconds(600)
        // The only sleep of 3,000 s is the maintenance loop's (lease renewals sleep an hour).
        configuration.pollInterval = .seconds(3000)
        let models = registry([
            "one": completing { _ in "done" }, "stuck": Self.stuck(called: called, stopped: stopped),
        ])
        let orchestrator = Orchestrator(store: store, models: models, configuration: configuration)
        let services = orchestrator.services
        try await withRunning(orchestrator) { orchestrator in
            let finished = try await orchestrator.createSession(SessionSpec(agents: [agent("One")]))
            _ = try await orchestrator.send("Finish", to: finished.id)
            _ = try await orchestrator.waitUntilSettled(session: finished.id, timeout: .seconds(3600))
            let open = try await orchestrator.createSession(SessionSpec(agents: [agent("Stuck")]))
            _ = try await orchestrator.send("Never ends", to: open.id)
            await called.wait()
            let events = orchestrator.events(for: finished.id)

            // Almost a day later nothing is old enough yet; a day after that the finished session is.
            await clock.waitForSleeper(dueWithin: .seconds(3000))
            clock.advance(by: .seconds(86_400 - 60))
            await clock.waitForSleeper(dueWithin: .seconds(3000))
            _ = try await store.session(finished.id)
            clock.advance(by: .seconds(86_400))
            var last: SessionEvent.Kind?
            for await event in events { last = event.kind }
            #expect(last == .sessionDeleted)
            await #expect(throws: AI2AIError.self) { try await store.session(finished.id) }
            #expect(try await orchestrator.sessions().map(\.id) == [open.id])
            #expect(services.dispatcher.inFlightCount == 1)
            #expect(!stopped.isFired)
        }
    }
}

extension Orchestrator {
    /// Stores a session message (what session feedback does), so that deletion has one to remove.
    fileprivate func feedbackSessionMessage(_ session: SessionID) async throws {
        try await store.appendMessage(
            SessionMessage(sessionID: session, role: "user", content: "a question", createdAt: configuration.clock.now)
        )
    }
}
