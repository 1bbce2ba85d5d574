//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI

/// The README's embedding example (the same code), so that the build fails when the example stops
/// compiling. It is not run: it calls real providers.
func readmeEmbeddingExample() async throws {
    let store = try SQLiteStore(path: "agents.sqlite")
    let orchestrator = Orchestrator(store: store, models: ModelRegistry.fromEnvironment())

    try await withThrowingDiscardingTaskGroup { group in
        group.addTask { try await orchestrator.run() }  // the dispatcher
        let session = try await orchestrator.createSession(
            SessionSpec(
                title: "Tides",
                agents: [
                    AgentSpec(
                        name: "Coordinator",
                        role: "Splits the work and merges the results",
                        model: "openrouter:openai/gpt-4o"
                    ),
                    AgentSpec(name: "Researcher", role: "Finds facts", model: "ollama:llama3.2"),
                ]
            )
        )
        _ = try await orchestrator.send("Why are there two tides a day?", to: session.id, targets: [0])
        let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(600))
        print(roots.first?.result ?? roots.first?.error ?? "")
        group.cancelAll()  // stops the work, gives back leases
    }
}
