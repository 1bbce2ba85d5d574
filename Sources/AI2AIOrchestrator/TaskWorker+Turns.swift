//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIProviders
import AI2AIStorage
import Foundation
import Logging

extension TaskWorker {
    /// Takes model turns on a claimed task until it completes, fails or waits on subtasks.
    ///
    /// The conversation is rebuilt from the store every time a task is (re)claimed: the system
    /// prompt and the task message, then the messages of every stored turn. A task resumed after its
    /// subtasks finished gets their results as a note before the next model call.
    func process(_ task: AgentTask, logger: Logger) async throws {
        let builder = PromptBuilder(
            agent: agent,
            session: session,
            roster: roster,
            limits: limits,
            updatesInPrompt: services.configuration.updatesInPrompt
        )
        // What the claim read in its own transaction: no further read before the first model call.
        let (parent, context, updates, children) = (claimed.parent, claimed.context, claimed.updates, claimed.children)
        let stored = claimed.turns
        let turns = try stored.map(TurnTranscript.decode)

        var messages: [ChatMessage] = [
            .system(builder.systemPrompt()),
            .user(builder.taskMessage(task: task, parent: parent, context: context, updates: updates)),
        ]
        for turn in turns { messages += turn.messages }
        // A task resumed after its subtasks finished gets their results, and a turn to read them
        // even when its limit is used up (a limit lowered since, or a database of an earlier version).
        let resumed = turns.last?.outcome == .waitForChildren
        var notes: [ChatMessage] = []
        if resumed {
            notes.append(.user(builder.subtasksFinishedMessage(children: children)))
        }
        let others = roster.filter { $0.id != agent.id }.map(\.name)
        let tools = agent.actionFormat == .toolCalls ? AgentTools.specs(otherAgents: others) : []

        var index = turns.count
        while true {
            try Task.checkCancellation()
            try checkDrain()
            if index >= limits.maxTurnsPerTask, !(resumed && index == turns.count) {
                _ = try await fail(task, turnLimitReason, turn: index)
                return
            }
            if let reason = try await budgetExhaustedReason() {
                _ = try await fail(task, reason, turn: index)
                return
            }
            notes.append(.user(builder.turnNote(turn: index, task: task, subtasksCreated: children.count)))
            let call: ModelCall
            do {
                call = try await callModel(messages + notes, tools: tools, task: task, logger: logger)
            } catch let failure as ModelCallFailure {
                logger.info("Model call failed for good; failing the task", metadata: ["error": "\(failure.reason)"])
                _ = try await fail(task, failure.reason, turn: index)
                return
            }
            let situation = TurnSituation(task: task, children: children, turn: index)
            var plan = try await interpret(call.response, in: situation, builder: builder)
            plan.messages = notes + plan.messages
            let result = try await commit(plan, task: task, turn: index, usage: call.usage(for: task, agent: agent))
            guard result.task.status == .inProgress else { return }
            messages += plan.messages
            notes = []
            index += 1
        }
    }

    /// Fails a task without a model answer (a limit, a model failure) through a turn commit, so
    /// that the failure, like any turn, is stored once and only under the worker's lease.
    func fail(_ task: AgentTask, _ reason: String, turn: Int) async throws -> TurnCommitResult {
        var plan = TurnPlan()
        plan.outcome = .finish(.failed(reason))
        return try await commit(plan, task: task, turn: turn, usage: nil)
    }

    /// Why a task fails at the turn limit.
    var turnLimitReason: String {
        "Turn limit reached: the task took \(limits.maxTurnsPerTask) model turns without finishing"
    }

    /// Why the session may not make another model call, if its token budget is used up.
    private func budgetExhaustedReason() async throws -> String? {
        guard let budget = limits.tokenBudgetPerSession else { return nil }
        let used = try await withStoreRetry { try await store.usage(.session(session.id)).totalTokens }
        guard used >= budget else { return nil }
        return "Token budget exhausted: the session has used \(used) of its \(budget) tokens"
    }

    /// Stores a turn and its effects in one commit, announces them, and wakes the agents concerned.
    func commit(_ plan: TurnPlan, task: AgentTask, turn: Int, usage: UsageRecord?) async throws -> TurnCommitResult {
        var plan = plan
        if plan.outcome == .continue, turn + 1 >= limits.maxTurnsPerTask {
            plan.outcome = .finish(.failed(turnLimitReason))
        }
        let commit = try plan.commit(
            of: task.id,
            index: turn,
            leaseOwner: leaseOwner,
            usage: usage,
            at: services.clock.now
        )
        // No session gate: the commit is one transaction, its events are ordered by the log, and
        // concurrent workers' commits share a group commit.
        let result = try await withStoreRetry {
            let result = try await store.commitTurn(commit)
            services.events.changed(session.id)
            livePosition.advance(to: result.lastEventSequence)
            return result
        }
        services.metrics.countTurn()
        services.metrics.count(result.task.status)
        for child in result.subtasks { services.wake(child.assignedTo) }
        if let parent = result.resumedParent { services.wake(parent.assignedTo) }
        if result.task.status == .pending { services.wake(agent.id) }
        return result
    }
}
