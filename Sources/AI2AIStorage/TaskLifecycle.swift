//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

package import AI2AICore
package import Foundation

/// How far the current claim of an in-progress task got. It decides whether the claim's expiry
/// costs something (``TaskLifecycle/recovery(of:progress:end:processStops:maxAttempts:now:)``). Stored with the task
/// (SQLite column `task.claim_progress`).
package enum ClaimProgress: Int, Sendable, Hashable, Comparable {
    /// Claimed; no model call started yet.
    case claimed = 0
    /// A model call was started and no turn has been committed since the claim.
    case callStarted = 1
    /// A turn was committed since the claim.
    case turnCommitted = 2

    package static func < (lhs: ClaimProgress, rhs: ClaimProgress) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The progress after ``AgentStore/markCallStarted(_:owner:)``: a claim that already committed
    /// a turn stays at ``turnCommitted``.
    package var afterCallStarted: ClaimProgress { max(self, .callStarted) }
}

/// The task life cycle: what each transition writes, as pure functions of the rows it reads. Both
/// backends compute every change through these functions and only apply the result, so they
/// cannot disagree on a rule.
package enum TaskLifecycle {
    /// A pending task claimed under a lease.
    package static func claimed(_ task: AgentTask, lease: Lease, now: Date) -> AgentTask {
        var task = task
        task.status = .inProgress
        task.leaseOwner = lease.owner
        task.leaseExpiresAt = now.adding(lease.duration)
        task.updatedAt = now
        return task
    }

    /// An in-progress task given back: pending, without a lease, at the same attempt.
    package static func released(_ task: AgentTask, now: Date) -> AgentTask {
        var task = task
        task.status = .pending
        task.leaseOwner = nil
        task.leaseExpiresAt = nil
        task.updatedAt = now
        return task
    }

    /// What lease recovery does to an expired in-progress task.
    package enum Recovery: Sendable, Hashable {
        /// Back to pending (with its attempt, charged or not), with its new count of process stops
        /// when this recovery counted one.
        case requeue(AgentTask, processStops: Int?)
        /// Its attempts (or process stops) are used up: it fails with this task value and error.
        case fail(AgentTask, error: String)
    }

    /// How an expired claim ended, told by the heartbeat of the orchestrator instance that held it
    /// (``AgentStore/recordHeartbeat(instance:)``).
    package enum ClaimEnd: Sendable, Hashable {
        /// The instance kept beating after the lease lapsed (or is unknown): the claim stalled in a
        /// live process, or no one can say otherwise.
        case stalled
        /// The instance stopped beating before the lease lapsed: its process stopped.
        case processStopped
    }

    /// How an expired claim ended: the holder's instance beat at `lastBeat` (`nil` when it never did).
    package static func claimEnd(of task: AgentTask, lastBeat: Date?) -> ClaimEnd {
        guard let lastBeat else { return .stalled }
        return lastBeat >= (task.leaseExpiresAt ?? .distantPast) ? .stalled : .processStopped
    }

    /// Whether an expired claim costs something: only when it started a model call and committed
    /// no turn since it was claimed.
    package static func charges(_ progress: ClaimProgress) -> Bool { progress == .callStarted }

    /// The recovery of an expired in-progress task. A claim that stalled in a live process costs an
    /// attempt; one whose process stopped costs a process stop instead (``StoreRules/maxProcessStops``),
    /// so that killing or crashing a server does not use up the attempts of the tasks it was working.
    package static func recovery(
        of task: AgentTask,
        progress: ClaimProgress,
        end: ClaimEnd,
        processStops: Int,
        maxAttempts: Int,
        now: Date
    ) -> Recovery {
        var task = task
        guard charges(progress) else { return .requeue(released(task, now: now), processStops: nil) }
        switch end {
        case .stalled:
            task.attempt += 1
            if task.attempt >= maxAttempts {
                return .fail(task, error: StoreRules.expiredError(attempts: task.attempt))
            }
            return .requeue(released(task, now: now), processStops: nil)
        case .processStopped:
            let stops = processStops + 1
            if stops >= StoreRules.maxProcessStops {
                return .fail(task, error: StoreRules.stoppedError(stops: stops))
            }
            return .requeue(released(task, now: now), processStops: stops)
        }
    }

    /// Whether a lease has expired at `now` (a lease without an expiry has).
    package static func isExpired(_ task: AgentTask, now: Date) -> Bool {
        task.status == .inProgress && (task.leaseExpiresAt ?? .distantPast) < now
    }
}

/// The claim rules: which agents a claim admits and which ready task goes first.
package enum ClaimRules {
    /// Whether a claim may take a task of `agent`, which has `running` tasks in progress.
    package static func admits(_ agent: Agent, running: Int, request: ClaimRequest) -> Bool {
        agent.isActive && running < agent.maxRunning && request.providers.contains(agent.provider)
            && request.scope.contains(agent.sessionID)
    }

    /// Whether the per-agent claim may take a task of `agent`, which has `running` tasks in progress.
    package static func admits(_ agent: Agent, running: Int) -> Bool {
        running < agent.maxRunning
    }

    /// The order of ready tasks: fewest tasks in progress in the session first, then the session
    /// claimed from longest ago (never claimed first), then the oldest task.
    package struct Key: Sendable, Hashable, Comparable {
        /// Tasks in progress in the task's session.
        package var sessionRunning: Int
        /// The session's last claim number; `nil` when it was never claimed from.
        package var sessionLastClaim: Int?
        /// When the task was created.
        package var createdAt: Date
        /// The task's position among tasks created at the same instant.
        package var order: Int

        package static func < (lhs: Key, rhs: Key) -> Bool {
            if lhs.sessionRunning != rhs.sessionRunning { return lhs.sessionRunning < rhs.sessionRunning }
            if lhs.sessionLastClaim != rhs.sessionLastClaim {
                guard let left = lhs.sessionLastClaim else { return true }
                guard let right = rhs.sessionLastClaim else { return false }
                return left < right
            }
            if lhs.createdAt != rhs.createdAt { return lhs.createdAt < rhs.createdAt }
            return lhs.order < rhs.order
        }
    }
}
