//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AIPostgres
import AI2AITesting
import Foundation
import Testing

/// Orchestrators of two processes on one PostgreSQL database (two stores, two pools).
@Suite(
    "Orchestrators on PostgreSQL",
    .enabled(if: PostgresTestServer.isConfigured, PostgresTestServer.skipReason),
    .serialized
)
struct PostgresOrchestratorTests {
    /// The worker's clock never moves, so its store poll never comes after the first: only the
    /// database's notification can tell it about the task another process created.
    @Test(.timeLimit(.minutes(2)))
    func aTaskSentByAnotherProcessIsClaimedWithoutAPoll() async throws {
        try await PostgresTestServer.withDatabase { configuration in
            try await PostgresTestServer.withStore(configuration) { workerStore in
                try await PostgresTestServer.withStore(configuration) { senderStore in
                    try await run(worker: workerStore, sender: senderStore)
                }
            }
        }
    }

    private func run(worker workerStore: PostgresStore, sender senderStore: PostgresStore) async throws {
        var models = ModelRegistry(defaultProvider: "none")
        models.register("solo", ScriptedModel { _ in .calling("complete_task", ["result": "done"]) })
        let clock = ManualClock()
        let worker = Orchestrator(
            store: workerStore,
            models: models,
            configuration: Orchestrator.Configuration(
                leaseDuration: .seconds(7200),
                leaseRenewalInterval: .seconds(3600),
                pollInterval: .seconds(3600),
                recoveryInterval: .seconds(3600),
                clock: clock
            )
        )
        let sender = Orchestrator(store: senderStore, models: models)
        let session = try await sender.createSession(
            SessionSpec(agents: [AgentSpec(name: "Solo", role: "Does it", model: "solo:test")])
        )
        var events = worker.events(for: session.id).makeAsyncIterator()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            // The other process sends while this one runs, one message after another: the run's
            // first poll may find one of them, never the later ones.
            for round in 0..<3 {
                let root = try #require(try await sender.send("Round \(round)", to: session.id).first)
                while let event = await events.next(isolation: #isolation) {
                    if case .taskCompleted(let task) = event.kind, task.id == root.id { break }
                }
            }
            group.cancelAll()
        }
        let tasks = try await sender.tasks(in: session.id)
        #expect(tasks.count == 3)
        #expect(tasks.allSatisfy { $0.status == .completed })
    }
}
