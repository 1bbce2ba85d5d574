//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI

/// The DocC Getting Started article's examples (the same code), so that the build fails when they
/// stop compiling; `DocumentationExampleTests` checks that the article still shows this code. Not
/// run: it calls real providers.
func gettingStartedExample() async throws {
    let orchestrator = Orchestrator(
        store: try SQLiteStore(path: "agents.sqlite"),
        models: ModelRegistry.fromEnvironment()
    )

    try await withThrowingDiscardingTaskGroup { group in
        group.addTask { try await orchestrator.run() }
        let session = try await orchestrator.createSession(
            SessionSpec(agents: [
                AgentSpec(name: "Coordinator", role: "Plans and merges", model: "openrouter:openai/gpt-4o"),
                AgentSpec(name: "Writer", role: "Writes drafts", model: "ollama:llama3.2"),
            ])
        )
        // The session's events as they happen, in a task of their own (the loop ends with the group).
        let events = orchestrator.events(for: session.id)
        group.addTask { for await event in events { print(event.type) } }
        _ = try await orchestrator.send("Draft a haiku about tides", to: session.id, targets: [0])
        let roots = try await orchestrator.waitUntilSettled(session: session.id, timeout: .seconds(300))
        print(roots[0].result ?? roots[0].error ?? "")
        group.cancelAll()
    }
}
