//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import Synchronization

/// A model that answers at once, so that a benchmark measures the orchestrator, not a model.
///
/// Agents whose model is `instant:coordinator-K` delegate one subtask to each of the agents
/// `w0` … `w(K-1)` on their first turn, and complete their task on the next one (when the
/// subtasks' results are in). Every other agent completes its task on its first turn.
struct InstantModel: ModelProvider {
    /// The model string of a coordinator of `workers` workers.
    static func coordinator(workers: Int) -> String { "instant:coordinator-\(workers)" }
    /// The model string of a worker.
    static let worker = "instant:worker"
    /// The name of worker `index`.
    static func workerName(_ index: Int) -> String { "w\(index)" }

    /// Counts model calls (agent steps).
    let steps: StepCounter

    func complete(_ request: ModelRequest) async throws -> ModelResponse {
        answer(request)
    }

    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelStreamEvent, any Error> {
        let events = ScriptedModel.events(for: answer(request))
        return AsyncThrowingStream { continuation in
            for event in events { continuation.yield(event) }
            continuation.finish()
        }
    }

    private func answer(_ request: ModelRequest) -> ModelResponse {
        steps.increment()
        let prefix = "coordinator-"
        guard request.model.hasPrefix(prefix), let workers = Int(request.model.dropFirst(prefix.count)),
            !request.messages.contains(where: { !$0.toolCalls.isEmpty })
        else {
            return .calling(AgentTools.completeTask, ["result": "done"])
        }
        let calls = (0..<workers).map { index in
            ToolCall(
                id: "call_\(index)",
                name: AgentTools.delegateTask,
                arguments: [
                    "agent": .string(Self.workerName(index)),
                    "title": .string("Part \(index)"),
                    "description": .string("Do part \(index)."),
                ]
            )
        }
        return .calling(calls)
    }
}

/// A shared counter of model calls.
final class StepCounter: Sendable {
    private let value = Atomic<Int>(0)

    func increment() { value.add(1, ordering: .relaxed) }

    /// Returns the count and sets it back to zero.
    func reset() -> Int { value.exchange(0, ordering: .relaxed) }
}
