//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation

extension MemoryState {
    /// The next ready task a claim may take, by ``ClaimRules``.
    func nextReady(for request: ClaimRequest) -> AgentTask? {
        var best: (task: AgentTask, key: ClaimRules.Key)?
        for agentID in agentsWithPendingTasks {
            guard let agent = agents[agentID],
                ClaimRules.admits(agent, running: running(agent: agentID), request: request),
                let task = oldestPending(for: agentID)
            else { continue }
            let key = claimKey(task)
            if best.map({ key < $0.key }) ?? true { best = (task, key) }
        }
        return best?.task
    }

    /// The oldest pending task of an agent, when the per-agent claim may take it.
    func nextReady(for agentID: AgentID) -> AgentTask? {
        guard let agent = agents[agentID], ClaimRules.admits(agent, running: running(agent: agentID)) else {
            return nil
        }
        return oldestPending(for: agentID)
    }

    /// A claimed task with everything its next turn is built from.
    func claimedTask(_ task: AgentTask) throws -> ClaimedTask {
        let agent = try agent(task.assignedTo)
        return ClaimedTask(
            task: task,
            agent: agent,
            session: try session(task.sessionID),
            roster: agents.values.filter { $0.sessionID == task.sessionID }.sorted { $0.index < $1.index },
            parent: task.parentTaskID.flatMap { tasks[$0] },
            context: (context[task.id] ?? [:]).values.sorted { $0.key < $1.key },
            updates: updates.filter { $0.taskID == task.id },
            turns: (turns[task.id] ?? []).sorted { $0.index < $1.index },
            children: children(of: task.id)
        )
    }
}
