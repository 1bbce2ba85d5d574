//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Foundation

func require(_ condition: Bool, _ message: @autoclosure () -> String, file: String = #fileID, line: Int = #line) throws
{
    if !condition { throw ConformanceFailure(message(), file: file, line: line) }
}

func unwrap<T>(_ value: T?, _ what: String, file: String = #fileID, line: Int = #line) throws -> T {
    guard let value else { throw ConformanceFailure("\(what): got nil", file: file, line: line) }
    return value
}

func requireEqual<T: Equatable>(
    _ actual: T,
    _ expected: T,
    _ what: String,
    file: String = #fileID,
    line: Int = #line
) throws {
    if actual != expected {
        throw ConformanceFailure("\(what): expected \(expected), got \(actual)", file: file, line: line)
    }
}

func requireThrows<T>(
    _ code: AI2AIError.Code,
    _ what: String,
    file: String = #fileID,
    line: Int = #line,
    _ body: () async throws -> T
) async throws {
    do {
        _ = try await body()
    } catch let error as AI2AIError {
        if error.code != code {
            throw ConformanceFailure("\(what): expected \(code), got \(error)", file: file, line: line)
        }
        return
    } catch {
        throw ConformanceFailure("\(what): expected AI2AIError \(code), got \(error)", file: file, line: line)
    }
    throw ConformanceFailure("\(what): expected \(code), but it succeeded", file: file, line: line)
}

/// Dates survive storage to within a millisecond.
func requireSameTime(
    _ actual: Date?,
    _ expected: Date?,
    _ what: String,
    file: String = #fileID,
    line: Int = #line
) throws {
    switch (actual, expected) {
    case (nil, nil): return
    case (let a?, let e?) where abs(a.timeIntervalSince(e)) < 0.001: return
    default:
        throw ConformanceFailure(
            "\(what): expected \(String(describing: expected)), got \(String(describing: actual))",
            file: file,
            line: line
        )
    }
}

/// A session with `agentCount` agents, stored.
/// A session and its agents for a check. Agents may run up to `maxRunning` tasks at once (1,000 by
/// default, so that checks about other rules can claim several tasks of one agent; the claim checks
/// set the limit they test).
struct Fixture {
    /// The creation time of fixtures that do not say: the ``ManualClock``'s default start.
    static let epoch = Date(timeIntervalSince1970: 1_700_000_000)

    var session: Session
    var agents: [Agent]

    static func make(
        _ store: any AgentStore,
        agentCount: Int = 2,
        title: String = "Fixture",
        createdAt: Date = Fixture.epoch,
        maxRunning: Int = 1_000,
        provider: String = "scripted"
    ) async throws -> Fixture {
        let session = Session(title: title, systemPrompt: "Be brief.", tags: ["test"], createdAt: createdAt)
        let agents = (0..<agentCount).map { index in
            Agent(
                sessionID: session.id,
                index: index,
                name: "Agent \(index + 1)",
                role: "Role \(index + 1)",
                model: "scripted:model",
                provider: provider,
                maxRunning: maxRunning,
                createdAt: createdAt
            )
        }
        try await store.createSession(session, agents: agents)
        return Fixture(session: session, agents: agents)
    }

    func task(
        _ title: String,
        agent: Int = 0,
        parent: TaskID? = nil,
        createdAt: Date = Fixture.epoch
    ) -> AgentTask {
        AgentTask(
            sessionID: session.id,
            title: title,
            description: "Do \(title)",
            createdBy: parent == nil ? "user" : agents[0].id.rawValue,
            assignedTo: agents[agent].id,
            parentTaskID: parent,
            createdAt: createdAt
        )
    }

    /// Creates a task and claims it, so it is in progress under `owner`.
    func claimed(
        _ store: any AgentStore,
        _ title: String,
        agent: Int = 0,
        owner: String = "owner",
        parent: TaskID? = nil
    ) async throws -> AgentTask {
        let created = try await store.createTask(task(title, agent: agent, parent: parent))
        let lease = Lease(owner: owner, duration: .seconds(60))
        guard let claimed = try await store.claimNextTask(for: agents[agent].id, lease: lease), claimed.id == created.id
        else {
            throw ConformanceFailure("claimNextTask did not return the only pending task \(created.id)")
        }
        return claimed
    }
}
