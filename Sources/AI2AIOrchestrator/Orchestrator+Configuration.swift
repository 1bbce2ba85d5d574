//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import AI2AIProviders
public import AI2AIStorage
import Foundation

extension Orchestrator {
    /// How an ``Orchestrator`` runs its agents: limits, leases, polling and retries.
    ///
    /// Every field has a default; change the ones you need:
    /// ```swift
    /// var configuration = Orchestrator.Configuration()
    /// configuration.limits.maxTurnsPerTask = 20
    /// configuration.pollInterval = .milliseconds(500)
    /// ```
    public struct Configuration: Sendable {
        /// Limits on what agents may do; each one fails the task with a clear reason when hit.
        public var limits: Limits
        /// How long a claimed task stays leased without renewal. Default 30 s.
        public var leaseDuration: Duration
        /// How often a working agent renews its lease. Default 10 s; keep it well under
        /// ``leaseDuration``.
        public var leaseRenewalInterval: Duration
        /// How often the orchestrator looks in the store for pending tasks written by other
        /// processes. Tasks created through this orchestrator wake their agent at once. Default 1 s.
        public var pollInterval: Duration
        /// How often, while someone subscribes to session events, the orchestrator looks in the
        /// store's event log for events written by other processes. Events of this process reach
        /// subscribers at once. Default 100 ms.
        public var eventPollInterval: Duration = .milliseconds(100)
        /// How often expired leases (of crashed processes) are returned to pending. Default 5 s.
        public var recoveryInterval: Duration
        /// How many times a task may be claimed before an expired lease fails it. Default 3.
        public var maxAttempts: Int
        /// Identifies this orchestrator in lease owners; unique per process by default.
        public var instanceID: String
        /// How model calls that fail with a transient error (rate limited, overloaded, server error,
        /// timeout, transport, interrupted stream) are retried by the orchestrator, on top of the
        /// provider client's own retries: the providers' ``RetryPolicy`` (its backoff, jitter and
        /// `Retry-After` ceiling). Default: 3 retries, 1 s doubling to 30 s.
        public var modelRetry: RetryPolicy
        /// How store calls that fail with ``AI2AIError/Code/unavailable`` (a busy or locked
        /// database) are retried while a task is worked; when the retries run out the task is given
        /// back to pending, not failed. Default: 5 retries, 50 ms doubling to 2 s.
        public var storeRetry: RetryPolicy
        /// Where the orchestrator reads the time (the times it stamps on sessions, tasks, updates
        /// and events) and waits (lease renewals, store polls, lease recovery, retry backoffs,
        /// ``Orchestrator/waitUntilSettled(session:timeout:)``). Default ``SystemClock``. Give the
        /// store the same clock.
        public var clock: any AI2AIClock
        /// Whether ``Orchestrator/run()`` works the tasks of sessions it did not create (those of
        /// sessions created earlier, by another process, or by a process that crashed). Default
        /// `true`. `false` narrows a ``claimScope`` of every session to the sessions this
        /// orchestrator creates or starts agents in (as `.sessions([])` does).
        public var resumesActiveAgents: Bool
        /// Which sessions the orchestrator claims tasks from. Default every session (a server);
        /// `ai2ai run` claims only its own session. With `.sessions(...)`, the sessions this
        /// orchestrator creates (``Orchestrator/createSession(_:)``) or starts agents in
        /// (``Orchestrator/startAgents(in:)``, ``Orchestrator/restartAgent(in:index:)``) join the scope.
        public var claimScope: ClaimScope
        /// How long a graceful shutdown (SIGTERM in the server) lets in-flight turns finish before
        /// it cancels them. While draining, nothing new is claimed and each in-flight task is given
        /// back (its lease released, so another process can take it at once) when its current turn
        /// is stored; at the end of this period what still runs is cancelled and given back.
        /// Default 10 s.
        public var shutdownGracePeriod: Duration
        /// The most tokens an agent's answer may have; `nil` leaves it to the provider.
        public var maxTokensPerCall: Int?
        /// The sampling temperature of agent calls; `nil` leaves it to the provider.
        public var temperature: Double?
        /// How many of a task's most recent updates go into its prompt. Default 10.
        public var updatesInPrompt: Int
        /// How long a finished session (no pending, in-progress or waiting task: completed, failed,
        /// cancelled or idle) is kept after its last activity; `nil` (the default) keeps sessions
        /// until ``Orchestrator/deleteSession(_:)``. The maintenance loop of ``Orchestrator/run()``
        /// deletes the expired ones (rows and in-memory state) every ``retentionCheckInterval``,
        /// by ``clock``.
        public var retention: Duration?
        /// How often the maintenance loop looks for sessions past ``retention``. Default 1 hour.
        public var retentionCheckInterval: Duration

        /// Creates a configuration.
        /// - Parameters:
        ///   - limits: Agent limits; the defaults of ``Limits``.
        ///   - leaseDuration: Lease length. Default 30 s.
        ///   - leaseRenewalInterval: Lease renewal period. Default 10 s.
        ///   - pollInterval: Store poll period for tasks of other processes. Default 1 s.
        ///   - recoveryInterval: Expired-lease recovery period. Default 5 s.
        ///   - maxAttempts: Claims allowed per task. Default 3.
        ///   - instanceID: This orchestrator's identifier; `nil` for a new UUID.
        ///   - modelRetry: Orchestrator-level retries of transient model errors.
        ///   - storeRetry: Retries of store calls that find the store busy.
        ///   - resumesActiveAgents: Whether `run()` works sessions it did not create.
        ///   - claimScope: Which sessions tasks are claimed from. Default every session.
        ///   - shutdownGracePeriod: How long a graceful shutdown lets in-flight turns finish. Default 10 s.
        ///   - maxTokensPerCall: Answer length limit per model call.
        ///   - temperature: Sampling temperature.
        ///   - updatesInPrompt: Recent updates shown in a task's prompt.
        ///   - clock: Where time is read and waited for. Default ``SystemClock``.
        ///   - retention: How long finished sessions are kept; `nil` (default) for ever.
        ///   - retentionCheckInterval: How often expired sessions are looked for. Default 1 hour.
        public init(
            limits: Limits = Limits(),
            leaseDuration: Duration = .seconds(30),
            leaseRenewalInterval: Duration = .seconds(10),
            pollInterval: Duration = .seconds(1),
            recoveryInterval: Duration = .seconds(5),
            maxAttempts: Int = 3,
            instanceID: String? = nil,
            modelRetry: RetryPolicy = RetryPolicy(maxRetries: 3, initialBackoff: .seconds(1), maxBackoff: .seconds(30)),
            storeRetry: RetryPolicy = RetryPolicy(
                maxRetries: 5,
                initialBackoff: .milliseconds(50),
                maxBackoff: .seconds(2)
            ),
            resumesActiveAgents: Bool = true,
            claimScope: ClaimScope = .allSessions,
            shutdownGracePeriod: Duration = .seconds(10),
            maxTokensPerCall: Int? = nil,
            temperature: Double? = nil,
            updatesInPrompt: Int = 10,
            clock: any AI2AIClock = SystemClock(),
            retention: Duration? = nil,
            retentionCheckInterval: Duration = .seconds(3600)
        ) {
            self.limits = limits
            self.leaseDuration = leaseDuration
            self.leaseRenewalInterval = leaseRenewalInterval
            self.pollInterval = pollInterval
            self.recoveryInterval = recoveryInterval
            self.maxAttempts = maxAttempts
            self.instanceID = instanceID ?? UUID().uuidString.lowercased()
            self.modelRetry = modelRetry
            self.storeRetry = storeRetry
            self.resumesActiveAgents = resumesActiveAgents
            self.claimScope = claimScope
            self.shutdownGracePeriod = shutdownGracePeriod
            self.maxTokensPerCall = maxTokensPerCall
            self.temperature = temperature
            self.updatesInPrompt = updatesInPrompt
            self.clock = clock
            self.retention = retention
            self.retentionCheckInterval = retentionCheckInterval
        }
    }
}

extension Orchestrator.Configuration {
    /// The scope the dispatcher starts with: ``claimScope``, narrowed to the sessions this
    /// orchestrator creates when ``resumesActiveAgents`` is off.
    var initialClaimScope: ClaimScope {
        if !resumesActiveAgents, case .allSessions = claimScope { return .sessions([]) }
        return claimScope
    }
}

extension Orchestrator {
    /// Limits on agent work (DESIGN.md section 6). Reaching one fails the task with a reason that
    /// names the limit, except ``maxSubtasksPerTask``, whose excess calls are refused to the model.
    public struct Limits: Sendable, Hashable {
        /// How deep subtasks may nest: a root task has depth 0, so with 3 a subtask of depth 3 may
        /// not delegate further. Default 3.
        public var maxDelegationDepth: Int
        /// How many subtasks one task may delegate in all. Default 8. The prompt says how many are
        /// left; a delegation beyond it is refused (the model is told why), the task goes on.
        public var maxSubtasksPerTask: Int
        /// How many model turns one task may take. Default 12. The prompt says how many are left; a
        /// delegation on the last turn is refused, so a waiting parent always has a turn to read
        /// its subtasks' results.
        public var maxTurnsPerTask: Int
        /// How many tasks one agent works at the same time, across every process sharing the store:
        /// the default ``AI2AICore/Agent/maxRunning`` of the agents this orchestrator creates (an
        /// ``AgentSpec/maxRunning`` overrides it). Default 1.
        public var maxConcurrentTasksPerAgent: Int
        /// How many tasks of one provider this orchestrator works at once, and so how many of its
        /// model calls run at once; `nil` for ``slotsPerUnlimitedProvider``. Default 16.
        ///
        /// These are the provider call slots: the dispatcher's pool works at most the sum of them
        /// (this number times the configured providers), and claims a task only with a free slot of
        /// its provider in hand, which the task keeps until its claim ends.
        public var maxConcurrentModelCallsPerProvider: Int?
        /// How many tokens (in and out) a session's agents may use in all; `nil` for no limit.
        public var tokenBudgetPerSession: Int?

        /// The call slots of a provider when ``maxConcurrentModelCallsPerProvider`` is `nil`: 64. The
        /// pool needs a bound; 64 concurrent calls is more than a provider account usually allows.
        public static let slotsPerUnlimitedProvider = 64

        /// Creates limits; every parameter has the default of DESIGN.md.
        public init(
            maxDelegationDepth: Int = 3,
            maxSubtasksPerTask: Int = 8,
            maxTurnsPerTask: Int = 12,
            maxConcurrentTasksPerAgent: Int = 1,
            maxConcurrentModelCallsPerProvider: Int? = 16,
            tokenBudgetPerSession: Int? = nil
        ) {
            self.maxDelegationDepth = maxDelegationDepth
            self.maxSubtasksPerTask = maxSubtasksPerTask
            self.maxTurnsPerTask = maxTurnsPerTask
            self.maxConcurrentTasksPerAgent = maxConcurrentTasksPerAgent
            self.maxConcurrentModelCallsPerProvider = maxConcurrentModelCallsPerProvider
            self.tokenBudgetPerSession = tokenBudgetPerSession
        }
    }
}
