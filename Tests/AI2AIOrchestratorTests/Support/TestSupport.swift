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

/// Which store a test runs against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, memory

    var testDescription: String { rawValue }

    func make() throws -> any AgentStore {
        switch self {
        case .sqlite: try SQLiteStore(path: temporaryDatabasePath())
        case .memory: InMemoryStore()
        }
    }
}

/// A fresh temporary database path.
func temporaryDatabasePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("ai2ai-orch-\(UUID().uuidString).sqlite").path
}

extension Orchestrator.Configuration {
    /// Short intervals so that tests run fast; generous leases so slow CI machines never lose one.
    static func fast(
        limits: Orchestrator.Limits = Orchestrator.Limits(),
        leaseDuration: Duration = .seconds(10),
        leaseRenewalInterval: Duration = .seconds(1)
    ) -> Orchestrator.Configuration {
        Orchestrator.Configuration(
            limits: limits,
            leaseDuration: leaseDuration,
            leaseRenewalInterval: leaseRenewalInterval,
            pollInterval: .milliseconds(50),
            recoveryInterval: .milliseconds(100),
            maxAttempts: 5,
            modelRetry: RetryPolicy(maxRetries: 3, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(20)),
            shutdownGracePeriod: .milliseconds(100)
        )
    }

    /// For tests that drive a ``ManualClock``: every period is an hour or more, so the only short
    /// sleeps are the ones a test is about (retry backoffs), and nothing expires unless the test
    /// moves the clock that far.
    static func manual(
        _ clock: ManualClock,
        limits: Orchestrator.Limits = Orchestrator.Limits(),
        leaseDuration: Duration = .seconds(7200)
    ) -> Orchestrator.Configuration {
        Orchestrator.Configuration(
            limits: limits,
            leaseDuration: leaseDuration,
            leaseRenewalInterval: .seconds(3600),
            pollInterval: .seconds(3600),
            recoveryInterval: .seconds(3600),
            maxAttempts: 5,
            modelRetry: RetryPolicy(maxRetries: 3, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(20)),
            clock: clock
        )
    }
}

/// Runs `body` while `orchestrator.run()` runs, then cancels it and waits for it to stop.
func withRunning<T: Sendable>(
    _ orchestrator: Orchestrator,
    _ body: @Sendable (Orchestrator) async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await orchestrator.run() }
        let result = try await body(orchestrator)
        group.cancelAll()
        try await group.waitForAll()
        return result
    }
}

/// One scripted model per agent, registered under the agent's lower-cased name; agents use the
/// model string `name:test`.
func registry(_ models: [String: ScriptedModel]) -> ModelRegistry {
    var registry = ModelRegistry(defaultProvider: "none")
    for (name, model) in models { registry.register(name.lowercased(), model) }
    return registry
}

/// An agent spec whose model is the scripted model registered under its name.
func agent(_ name: String, role: String = "Helper", format: Agent.ActionFormat = .toolCalls) -> AgentSpec {
    AgentSpec(name: name, role: role, model: "\(name.lowercased()):test", actionFormat: format)
}

/// A one-shot signal for tests.
final class Signal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    var isFired: Bool { state.withLock { $0.fired } }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state in
                if state.fired { return true }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension ModelRequest {
    /// Whether the request resumes a task whose subtasks finished.
    var resumesAfterSubtasks: Bool {
        messages.contains { $0.role == .user && $0.content.hasPrefix("All of your subtasks have finished") }
    }

    /// The results of tool calls in the conversation, oldest first.
    var toolResults: [String] {
        messages.filter { $0.role == .tool }.map(\.content)
    }

    /// The task's title, from the task message.
    var taskTitle: String {
        let lines = messages.dropFirst().first?.content.split(separator: "\n") ?? []
        return lines.first { $0.hasPrefix("Title: ") }.map { String($0.dropFirst(7)) } ?? ""
    }

    /// The task's id, from the task message.
    var taskID: String {
        let first = messages.dropFirst().first?.content.split(separator: "\n").first ?? ""
        guard let open = first.range(of: "(id: "),
            let close = first.range(of: ")", range: open.upperBound..<first.endIndex)
        else { return "" }
        return String(first[open.upperBound..<close.lowerBound])
    }
}

/// A model that completes every task with `result`.
func completing(_ result: @escaping @Sendable (ModelRequest) -> String) -> ScriptedModel {
    ScriptedModel { request in .calling("complete_task", ["result": .string(result(request))]) }
}

/// A thread-safe counter for handlers.
final class Counter: Sendable {
    private let value = Mutex(0)

    /// Increments and returns the new value (1 for the first call).
    func next() -> Int {
        value.withLock {
            $0 += 1
            return $0
        }
    }

    var current: Int { value.withLock { $0 } }
}

/// A delegating tool call.
func delegation(_ agent: String, _ title: String, _ description: String = "Do it") -> ToolCall {
    ToolCall(
        id: nil,
        name: "delegate_task",
        arguments: ["agent": .string(agent), "title": .string(title), "description": .string(description)]
    )
}

/// The note a resumed task gets, if the request has one.
extension ModelRequest {
    var subtasksNote: String {
        messages.last { $0.role == .user && $0.content.hasPrefix("All of your subtasks have finished") }?.content ?? ""
    }
}

/// Collects values from concurrent code.
final class Recorder<Value: Sendable>: Sendable {
    private let state = Mutex<[Value]>([])

    func append(_ value: Value) { state.withLock { $0.append(value) } }

    var values: [Value] { state.withLock { $0 } }
}
