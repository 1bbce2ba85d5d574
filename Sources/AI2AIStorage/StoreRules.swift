//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

package import AI2AICore
package import Foundation

/// The transition rules every store enforces, shared so that backends agree on them and on their
/// error messages.
package enum StoreRules {
    package static func checkFinish(_ task: AgentTask) throws {
        guard !task.status.isTerminal else {
            throw AI2AIError(.invalidTransition, "Task \(task.id) is already \(task.status.rawValue)")
        }
    }

    package static func checkWait(_ task: AgentTask) throws {
        guard task.status == .inProgress else {
            throw AI2AIError(
                .invalidTransition,
                "Task \(task.id) is \(task.status.rawValue); only an in-progress task can wait for subtasks"
            )
        }
    }

    package static func checkLease(_ task: AgentTask, owner: String) throws {
        guard task.status == .inProgress, task.leaseOwner == owner else {
            throw AI2AIError(
                .leaseLost,
                "Task \(task.id) is \(task.status.rawValue) and not leased by \(owner)"
            )
        }
    }

    package static func expiredError(attempts: Int) -> String {
        "Task abandoned after \(attempts) attempt\(attempts == 1 ? "" : "s"): its lease expired each time "
            + "(the worker crashed or stalled)"
    }

    /// How many times the process working a task may stop (crash, be killed) during one of its
    /// model calls before the task fails: a process that stops is not the task's fault, so it costs
    /// no attempt, but a task that stops every process that works it must not stop them forever.
    package static let maxProcessStops = 10

    package static func stoppedError(stops: Int) -> String {
        "Task abandoned: the process working it stopped \(stops) times during its model call "
            + "(does working it crash the process?)"
    }

    /// How long a heartbeat is kept after it was recorded (a day, in seconds).
    package static let heartbeatRetention: TimeInterval = 86_400

    /// The orchestrator instance a lease owner belongs to: the owner up to its last `/`
    /// (`"<instance>/<claim>"`), or `nil` for an owner without one.
    package static func instance(ofOwner owner: String) -> String? {
        guard let slash = owner.lastIndex(of: "/"), slash != owner.startIndex else { return nil }
        return String(owner[..<slash])
    }

    package static func checkNewTask(_ task: AgentTask, parent: AgentTask?) throws {
        guard !task.title.isEmpty || !task.description.isEmpty else {
            throw AI2AIError(.invalidArgument, "A task needs a title or a description")
        }
        if let parent {
            guard parent.sessionID == task.sessionID else {
                throw AI2AIError(.invalidArgument, "Parent task \(parent.id) belongs to another session")
            }
            guard !parent.status.isTerminal else {
                throw AI2AIError(
                    .invalidTransition,
                    "Cannot add a subtask under task \(parent.id): it is already \(parent.status.rawValue)"
                )
            }
        }
    }
}

extension StoreRules {
    package static func checkAgents(_ agents: [Agent], of session: SessionID) throws {
        for agent in agents {
            guard agent.sessionID == session else {
                throw AI2AIError(
                    .invalidArgument,
                    "Agent \(agent.name) belongs to session \(agent.sessionID), not \(session)"
                )
            }
            guard !agent.name.isEmpty else { throw AI2AIError(.invalidArgument, "An agent needs a name") }
            guard agent.index >= 0 else {
                throw AI2AIError(.invalidArgument, "Agent index \(agent.index) of \(agent.name) is negative")
            }
        }
        if Set(agents.map(\.name)).count != agents.count {
            throw AI2AIError(.conflict, "Two agents of session \(session) share a name")
        }
        if Set(agents.map(\.index)).count != agents.count {
            throw AI2AIError(.conflict, "Two agents of session \(session) share an index")
        }
        if Set(agents.map(\.id)).count != agents.count {
            throw AI2AIError(.conflict, "Two agents of session \(session) share an identifier")
        }
    }
}
