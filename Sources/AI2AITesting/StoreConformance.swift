//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
public import AI2AIStorage
import Foundation

/// The behaviour every ``AgentStore`` must have, as runnable checks.
///
/// Run it against your own backend from any test framework; each check gets a fresh, empty store
/// from your factory, built on the ``ManualClock`` the check passes it (the lease checks move that
/// clock), and throws ``ConformanceFailure`` when the store misbehaves.
///
/// ```swift
/// @Test(arguments: StoreConformance.checks)
/// func conformance(_ check: StoreConformance.Check) async throws {
///     try await check.run { clock in try MyStore.temporary(clock: clock) }
/// }
/// ```
public enum StoreConformance: Sendable {
    /// One named check of the suite.
    public struct Check: Sendable, CustomStringConvertible {
        /// A short name, such as `claim-under-contention`.
        public let name: String
        let body: @Sendable (any AgentStore, ManualClock) async throws -> Void

        init(name: String, body: @escaping @Sendable (any AgentStore) async throws -> Void) {
            self.name = name
            self.body = { store, _ in try await body(store) }
        }

        init(name: String, timed body: @escaping @Sendable (any AgentStore, ManualClock) async throws -> Void) {
            self.name = name
            self.body = body
        }

        /// Runs the check on a fresh store.
        /// - Parameter makeStore: Makes an empty store that reads the time from the clock it is given.
        /// - Throws: ``ConformanceFailure`` when the store misbehaves, or the store's own error.
        public func run(_ makeStore: (ManualClock) async throws -> any AgentStore) async throws {
            let clock = ManualClock()
            try await body(try await makeStore(clock), clock)
        }

        public var description: String { name }
    }

    /// Every check of the suite.
    public static let checks: [Check] = [
        Check(name: "sessions-and-agents", body: sessionsAndAgents),
        Check(name: "delete-session-cascades", body: deleteCascades),
        Check(name: "task-create-and-filter", body: taskCreateAndFilter),
        Check(name: "task-create-errors", body: taskCreateErrors),
        Check(name: "claim-oldest-first", timed: claimOldestFirst),
        Check(name: "claim-under-contention", body: claimUnderContention),
        Check(name: "lease-renew-and-release", timed: leaseRenewAndRelease),
        Check(name: "finish-transitions", body: finishTransitions),
        Check(name: "last-child-resumes-parent", body: lastChildResumesParent),
        Check(name: "wait-for-children", body: waitForChildren),
        Check(name: "expired-leases", timed: expiredLeases),
        Check(name: "lease-expiry-uses-the-store-clock", timed: leaseExpiryUsesTheStoreClock),
        Check(name: "commit-turn", body: commitTurn),
        Check(name: "commit-turn-is-atomic", body: commitTurnIsAtomic),
        Check(name: "large-and-unicode", body: largeAndUnicode),
        Check(name: "context-upsert", body: contextUpsert),
        Check(name: "updates-and-messages-order", body: updatesAndMessagesOrder),
        Check(name: "usage-sums", body: usageSums),
        Check(name: "append-messages-is-atomic", body: appendMessagesIsAtomic),
        Check(name: "claim-next-returns-turn-inputs", timed: claimNextReturnsTurnInputs),
        Check(name: "claim-next-honours-max-running", body: claimNextHonoursMaxRunning),
        Check(name: "claim-next-skips-stopped-agents", body: claimNextSkipsStoppedAgents),
        Check(name: "claim-next-routes-by-provider", body: claimNextRoutesByProvider),
        Check(name: "claim-next-honours-scope", body: claimNextHonoursScope),
        Check(name: "claim-next-is-fair", timed: claimNextIsFair),
        Check(name: "claim-next-under-contention", body: claimNextUnderContention),
        Check(name: "attempt-charging", timed: attemptCharging),
        Check(name: "process-stops-are-not-attempts", timed: processStopsAreNotAttempts),
        Check(name: "session-summaries", body: sessionSummaries),
        Check(name: "cancel-session-tasks", body: cancelSessionTasks),
        Check(name: "cancel-task-subtree", body: cancelTaskSubtree),
        Check(name: "delete-finished-sessions", timed: deleteFinishedSessions),
        Check(name: "events-are-stored-with-their-changes", body: eventsAreStoredWithTheirChanges),
        Check(name: "appended-events-and-their-order", body: appendedEventsAndTheirOrder),
    ]
}

/// A store that did not behave as the ``AgentStore`` contract requires.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// Where in the suite.
    public var location: String

    /// Creates a failure.
    public init(_ message: String, file: String = #fileID, line: Int = #line) {
        self.message = message
        self.location = "\(file):\(line)"
    }

    public var description: String { "\(message) (\(location))" }
}
