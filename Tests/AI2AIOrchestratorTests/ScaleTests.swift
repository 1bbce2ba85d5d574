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
import Testing

@Suite struct ScaleTests {
    @Test(arguments: StoreKind.allCases)
    func aHundredSessionsOfThreeAgentsAllFinishWithEventsInCausalOrder(_ kind: StoreKind) async throws {
        let store = try kind.make()
        let models = registry([
            "lead": DelegationTests.coordinator(delegatingTo: ["Left", "Right"]),
            "left": completing { request in "left of \(request.taskID)" },
            "right": completing { request in "right of \(request.taskID)" },
        ])
        let orchestrator = Orchestrator(store: store, models: models, configuration: .fast())
        try await withRunning(orchestrator) { orchestrator in
            var sessions: [Session] = []
            for number in 0..<100 {
                sessions.append(
                    try await orchestrator.createSession(
                        SessionSpec(title: "Session \(number)", agents: [agent("Lead"), agent("Left"), agent("Right")])
                    )
                )
            }
            let results = try await withThrowingTaskGroup(of: (AgentTask, [SessionEvent]).self) { group in
                for session in sessions {
                    let events = orchestrator.events(for: session.id)
                    group.addTask {
                        let root = try #require(try await orchestrator.send("Go", to: session.id, targets: [0]).first)
                        var seen: [SessionEvent] = []
                        for await event in events {
                            seen.append(event)
                            if case .taskCompleted(let task) = event.kind, task.id == root.id { break }
                        }
                        let settled = try await orchestrator.waitUntilSettled(
                            session: session.id,
                            timeout: .seconds(120)
                        )
                        return (try #require(settled.first), seen)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count == 100)
            for (root, events) in results {
                #expect(root.status == .completed)
                #expect(root.result?.contains("left of") == true && root.result?.contains("right of") == true)
                try checkCausalOrder(events)
            }
            let all = try await store.tasks(TaskFilter())
            #expect(all.count == 300)
            #expect(all.allSatisfy { $0.status == .completed })
        }
    }
}

/// Checks that a session's events tell a consistent story: numbered without gaps, every task
/// created before anything else is said about it, each status change starting from the task's
/// last announced status, and a parent resumed only after all of its children finished.
/// - Parameter initial: The status of the tasks that existed before the first event (a recovery
///   test starts from stored tasks).
func checkCausalOrder(
    _ events: [SessionEvent],
    initial: [TaskID: TaskStatus] = [:],
    after: UInt64 = 0,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    var status = initial
    var parents: [TaskID: TaskID] = [:]
    var previous: UInt64? = after
    func known(_ id: TaskID, _ what: String) throws {
        guard status[id] != nil else { throw TestFailure("\(what) about task \(id) before it was created") }
    }
    for event in events {
        if event.isStored {
            if event.sequence != (previous ?? 0) + 1 {
                throw TestFailure("Sequence jumps from \(previous ?? 0) to \(event.sequence)")
            }
            previous = event.sequence
        } else if case .modelTextDelta = event.kind, event.sequence > previous ?? 0 {
            throw TestFailure("A delta follows event \(event.sequence), which was not delivered before it")
        }
        switch event.kind {
        case .taskCreated(let task):
            guard status[task.id] == nil else { throw TestFailure("Task \(task.id) created twice") }
            if let parent = task.parentTaskID {
                try known(parent, "A subtask")
                parents[task.id] = parent
            }
            status[task.id] = task.status
        case .taskDelegated(let parentID, let child):
            try known(parentID, "Delegation")
            try known(child.id, "Delegation")
        case .taskStatusChanged(let id, let from, let to):
            try known(id, "Status change")
            guard status[id] == from else {
                throw TestFailure("Task \(id) moved from \(from) to \(to) but was \(String(describing: status[id]))")
            }
            if from == .waiting, to == .pending {
                let open = parents.filter { $0.value == id && status[$0.key]?.isTerminal != true }
                guard open.isEmpty else { throw TestFailure("Task \(id) resumed with open children") }
            }
            status[id] = to
        case .taskCompleted(let task), .taskFailed(let task):
            guard status[task.id] == task.status else {
                throw TestFailure("Task \(task.id) finished before its status changed")
            }
        case .update(let update):
            try known(update.taskID, "An update")
        case .context(let entry):
            try known(entry.taskID, "A context entry")
        case .modelTextDelta(let taskID, _, _), .modelRetry(let taskID, _, _, _, _),
            .turnCommitted(let taskID, _, _, _, _):
            guard status[taskID] == .inProgress else {
                throw TestFailure("Model output for task \(taskID) while not in progress")
            }
        case .agentStarted, .agentStopped, .sessionCancelled, .sessionDeleted:
            break
        }
    }
}
