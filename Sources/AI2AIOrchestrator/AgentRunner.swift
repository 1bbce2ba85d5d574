//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Logging
import Synchronization

/// The loop of one agent: claim the agent's next pending task, work it, and sleep until woken.
///
/// Each of the agent's lanes (``Orchestrator/Limits/maxConcurrentTasksPerAgent``, 1 by default)
/// claims and works one task at a time. ``wake()`` ends a lane's sleep at once; the orchestrator
/// calls it when it assigns a task to the agent, and its store poll calls it for tasks written by
/// other processes. ``stop()`` cancels the lanes; a task being worked goes back to pending.
final class AgentRunner: Sendable {
    private enum Phase {
        case created, running, finished
    }

    let agent: Agent
    let session: Session
    let roster: [Agent]
    let services: AgentServices
    private let lanes: [(stream: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation)]
    private let stopSignal = AsyncStream.makeStream(of: Void.self)
    private let finished = Latch()
    private let phase = Mutex(Phase.created)

    init(agent: Agent, session: Session, roster: [Agent], services: AgentServices) {
        self.agent = agent
        self.session = session
        self.roster = roster
        self.services = services
        let count = max(services.configuration.limits.maxConcurrentTasksPerAgent, 1)
        self.lanes = (0..<count).map { _ in AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        }
    }

    /// Makes a sleeping lane look for work at once.
    func wake() {
        for lane in lanes { lane.continuation.yield() }
    }

    /// Asks the loop to stop; see ``waitUntilFinished()``.
    func stop() {
        stopSignal.continuation.finish()
    }

    /// Waits until the loop has stopped and given back the task it was working on.
    func waitUntilFinished() async {
        await finished.wait()
    }

    /// Marks a runner that never ran as finished.
    func abandon() {
        let wasCreated = phase.withLock { phase in
            defer { if phase == .created { phase = .finished } }
            return phase == .created
        }
        if wasCreated {
            services.agents.remove(self)
            finished.open()
        }
    }

    /// The loop; returns when stopped or cancelled.
    func run() async {
        let starts = phase.withLock { phase in
            defer { if phase == .created { phase = .running } }
            return phase == .created
        }
        guard starts else { return }
        let logger = agentLogger
        logger.debug("Agent loop started")
        services.events.publish(session.id, .agentStarted(agent.id))
        await withTaskGroup(of: Void.self) { group in
            for lane in lanes {
                group.addTask { await self.runLane(lane.stream) }
            }
            group.addTask {
                for await _ in self.stopSignal.stream {}
            }
            await group.next()
            group.cancelAll()
        }
        phase.withLock { $0 = .finished }
        services.agents.remove(self)
        services.events.publish(session.id, .agentStopped(agent.id))
        logger.debug("Agent loop stopped")
        finished.open()
    }

    var agentLogger: Logger {
        var logger = services.logger
        logger[metadataKey: "agent.id"] = "\(agent.id)"
        logger[metadataKey: "session.id"] = "\(session.id)"
        return logger
    }

    private func runLane(_ wakes: AsyncStream<Void>) async {
        var iterator = wakes.makeAsyncIterator()
        repeat {
            guard await drain() else { return }
        } while await iterator.next() != nil && !Task.isCancelled
    }

    /// Works pending tasks until there are none; returns `false` when the agent no longer exists.
    private func drain() async -> Bool {
        while !Task.isCancelled {
            let claimed: (task: AgentTask, owner: String)?
            do {
                claimed = try await claim()
            } catch AI2AIError.Code.notFound {
                agentLogger.info("Agent no longer exists; stopping its loop")
                return false
            } catch {
                if !Task.isCancelled {
                    agentLogger.warning("Claiming a task failed", metadata: ["error": "\(error)"])
                }
                return true
            }
            guard let claimed else { return true }
            await TaskWorker(runner: self, leaseOwner: claimed.owner).work(claimed.task)
        }
        return true
    }

    /// Claims the agent's next task and announces it.
    ///
    /// The claim itself runs outside the session's gate, so that the agents of a fan-out claim their
    /// subtasks without queueing behind each other's announcements; only the announcement takes the
    /// gate. Order still holds: whatever made the task pending wrote it and announced it inside one
    /// gated section, so the claim can only see the task after that write, and its announcement
    /// waits until that section, announcement included, has left the gate.
    private func claim() async throws -> (task: AgentTask, owner: String)? {
        guard !Task.isCancelled else { return nil }
        let owner = services.newLeaseOwner(for: agent.id)
        guard let task = try await services.store.claimNextTask(for: agent.id, lease: services.lease(by: owner)) else {
            return nil
        }
        await services.withSessionGate(session.id) {
            services.events.publish(session.id, .taskStatusChanged(taskID: task.id, from: .pending, to: .inProgress))
        }
        return (task, owner)
    }
}
