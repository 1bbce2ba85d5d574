//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import Foundation
import Synchronization
import Testing

@testable import AI2AIOrchestrator

/// `events(for:after:)`: the stored history first, then live events, each stored event once, in
/// order; live deltas in between at their place; bounded for a consumer that does not read.
@Suite("The event log and its subscribers", .timeLimit(.minutes(5)))
struct EventLogTests {
    /// A coordinator that delegates to a worker, streaming text on every turn.
    static func team() -> [String: ScriptedModel] {
        [
            "lead": ScriptedModel { request in
                if request.subtasksNote.isEmpty {
                    return .calling([delegation("Worker", "Research")], text: "I will ask the worker.")
                }
                return .calling("complete_task", ["result": "summary"], text: "All done, summing up.")
            },
            "worker": ScriptedModel { _ in
                .calling("complete_task", ["result": "facts"], text: "Here are the facts you asked for.")
            },
        ]
    }

    /// Reads events until `done` holds for the last one.
    static func collect(
        _ events: AsyncStream<SessionEvent>,
        until done: @Sendable (SessionEvent) -> Bool
    ) async -> [SessionEvent] {
        var seen: [SessionEvent] = []
        for await event in events {
            seen.append(event)
            if done(event) { break }
        }
        return seen
    }

    static func isRootCompletion(_ event: SessionEvent) -> Bool {
        if case .taskCompleted(let task) = event.kind, task.parentTaskID == nil { return true }
        return false
    }

    @Test(arguments: StoreKind.allCases)
    func aLateSubscriberGetsTheWholeHistoryOnceInOrder(_ kind: StoreKind) async throws {
        let store = try kind.make()
        let orchestrator = Orchestrator(store: store, models: registry(Self.team()), configuration: .fast())
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(
                SessionSpec(agents: [agent("Lead"), agent("Worker")])
            )
            // A live subscriber from the start, and a late one after the session settled.
            let live = orchestrator.events(for: session.id)
            _ = try await orchestrator.send("Go", to: session.id, targets: [0])
            let liveEvents = await Self.collect(live, until: Self.isRootCompletion)
            _ = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))

            let stored = try await store.events(of: session.id, after: 0, limit: 10_000)
            let last = try #require(stored.last).sequence
            #expect(stored.map(\.sequence) == Array(1...last))
            let late = await Self.collect(orchestrator.events(for: session.id)) { $0.sequence == last && $0.isStored }
            #expect(late == stored, "the late subscriber gets exactly the stored history")
            #expect(liveEvents.filter(\.isStored) == Array(stored.prefix(liveEvents.filter(\.isStored).count)))
            try checkCausalOrder(liveEvents)

            // The live subscriber saw each turn's text streamed, then the committed turn with all of it.
            let streamed = liveEvents.compactMap { event -> String? in
                if case .modelTextDelta(_, _, let text) = event.kind { return text }
                return nil
            }
            #expect(streamed.joined().contains("I will ask the worker."))
            let turns = stored.compactMap { event -> String? in
                if case .turnCommitted(_, _, _, let text, _) = event.kind { return text }
                return nil
            }
            #expect(turns.count == 3)
            #expect(turns.contains("Here are the facts you asked for."))
            // Each committed turn carries its call's tokens, and they add up to the session's usage.
            let turnUsage = stored.compactMap { event -> Usage? in
                if case .turnCommitted(_, _, _, _, let usage) = event.kind { return usage }
                return nil
            }
            #expect(turnUsage.count == 3)
            let totals = try await store.usage(.session(session.id))
            #expect(turnUsage.reduce(0) { $0 + ($1.inputTokens ?? 0) + ($1.outputTokens ?? 0) } == totals.totalTokens)
            #expect(totals.totalTokens > 0)
            // Each delta follows the stored event it names, and numbers the deltas of its call.
            var delivered: UInt64 = 0
            var lastIndex: [TaskID: Int] = [:]
            for event in liveEvents {
                if event.isStored {
                    delivered = event.sequence
                } else if case .modelTextDelta(let task, _, _) = event.kind {
                    #expect(event.sequence <= delivered)
                    let index = try #require(event.deltaIndex)
                    #expect(index == 0 || index == (lastIndex[task] ?? -1) + 1)
                    lastIndex[task] = index
                }
            }

            // Resuming after any sequence number gives exactly the rest.
            for after in [UInt64(1), last / 2, last - 1] {
                let rest = await Self.collect(orchestrator.events(for: session.id, after: after)) {
                    $0.sequence == last && $0.isStored
                }
                #expect(rest == Array(stored.dropFirst(Int(after))), "after \(after)")
            }
        }
    }

    @Test func aSubscriberThatJoinsMidSessionMissesNothingAndSeesNothingTwice() async throws {
        let gate = Signal()
        var models = Self.team()
        models["worker"] = ScriptedModel { _ in
            await gate.wait()
            return .calling("complete_task", ["result": "facts"], text: "Late facts.")
        }
        let store = try StoreKind.sqlite.make()
        let orchestrator = Orchestrator(store: store, models: registry(models), configuration: .fast())
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(
                SessionSpec(agents: [agent("Lead"), agent("Worker")])
            )
            _ = try await orchestrator.send("Go", to: session.id, targets: [0])
            // Wait until the delegation is stored, then subscribe from the start while work goes on.
            let first = await Self.collect(orchestrator.events(for: session.id)) {
                if case .taskDelegated = $0.kind { return true }
                return false
            }
            let joined = orchestrator.events(for: session.id)
            gate.fire()
            let all = await Self.collect(joined, until: Self.isRootCompletion)
            let stored = all.filter(\.isStored)
            #expect(stored.map(\.sequence) == Array(1...UInt64(stored.count)))
            #expect(Array(stored.prefix(first.filter(\.isStored).count)) == first.filter(\.isStored))
            try checkCausalOrder(all)
        }
    }

    @Test func deletingASessionEndsItsStreamsAndDeletesItsEvents() async throws {
        let store = InMemoryStore()
        let orchestrator = Orchestrator(
            store: store,
            models: registry(["solo": completing { _ in "done" }]),
            configuration: .fast()
        )
        try await withRunning(orchestrator) { orchestrator in
            let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Solo")]))
            _ = try await orchestrator.send("Go", to: session.id)
            _ = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(240))
            let events = orchestrator.events(for: session.id)
            let history = try await store.events(of: session.id, after: 0, limit: 100)
            var iterator = events.makeAsyncIterator()
            for expected in history { #expect(await iterator.next() == expected) }
            try await orchestrator.deleteSession(session.id)
            let last = await iterator.next()
            #expect(last?.kind == .sessionDeleted)
            #expect(await iterator.next() == nil)
            #expect(try await store.events(of: session.id, after: 0, limit: 100).isEmpty)
            #expect(orchestrator.services.events.channelCount == 0)
        }
    }

    @Test func aConsumerThatStopsReadingHasItsStreamEndedNotBuffered() async throws {
        let store = InMemoryStore()
        let orchestrator = Orchestrator(store: store, models: registry([:]), configuration: .fast())
        let session = try await orchestrator.createSession(SessionSpec(agents: [agent("Talker")]))
        let talker = try #require(try await orchestrator.agents(in: session.id).first).id
        let hub = orchestrator.services.events
        func delta(_ index: Int) -> SessionEvent {
            SessionEvent(
                sessionID: session.id,
                sequence: 0,
                timestamp: Date(),
                kind: .modelTextDelta(taskID: "t", agentID: talker, text: "word"),
                deltaIndex: index
            )
        }
        let idle = orchestrator.events(for: session.id)
        let reader = orchestrator.events(for: session.id)
        for index in 0..<200 { hub.publishLive(delta(index)) }
        // A reader that reads gets every delta, in order.
        var read = reader.makeAsyncIterator()
        var indexes: [Int] = []
        while indexes.count < 200, let event = await read.next() {
            if let index = event.deltaIndex { indexes.append(index) }
        }
        #expect(indexes == Array(0..<200))
        for index in 200..<300 { hub.publishLive(delta(index)) }
        // The idle one fell more than 256 deltas behind: its stream ends; nothing was kept for it.
        var kept = 0
        for await event in idle where !event.isStored { kept += 1 }
        #expect(kept == 0)
        // The reader, 100 behind, still has them.
        indexes = []
        while indexes.count < 100, let event = await read.next() {
            if let index = event.deltaIndex { indexes.append(index) }
        }
        #expect(indexes == Array(200..<300))
    }

    @Test func eventsWrittenByAnotherProcessReachSubscribers() async throws {
        let path = temporaryDatabasePath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The worker process runs the session; the watcher process (its own store on the same
        // file, claiming nothing) only has the subscriber.
        let worker = Orchestrator(
            store: try SQLiteStore(path: path),
            models: registry(Self.team()),
            configuration: .fast()
        )
        var watching = Orchestrator.Configuration.fast()
        watching.resumesActiveAgents = false
        let watcher = Orchestrator(store: try SQLiteStore(path: path), models: registry([:]), configuration: watching)
        try await withRunning(watcher) { watcher in
            try await withRunning(worker) { worker in
                let session = try await worker.createSession(SessionSpec(agents: [agent("Lead"), agent("Worker")]))
                let events = watcher.events(for: session.id)
                _ = try await worker.send("Go", to: session.id, targets: [0])
                let seen = await Self.collect(events, until: Self.isRootCompletion)
                #expect(!seen.contains { !$0.isStored }, "deltas stay in the process that streams them")
                #expect(seen.map(\.sequence) == Array(1...UInt64(seen.count)))
                try checkCausalOrder(seen)
            }
        }
    }
}
