//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore

/// What ``AgentStore/claimNext(_:)`` may claim, and under which lease.
///
/// A claim takes the next ready task of any session in ``scope`` whose agent
/// - is active (a stopped agent's tasks are never claimed),
/// - has a ``AI2AICore/Agent/provider`` in ``providers``,
/// - has fewer tasks in progress than its ``AI2AICore/Agent/maxRunning``, counted by the store in
///   the claim's own transaction (so the limit holds across processes sharing the store).
///
/// Among those, the task of the session with the fewest tasks in progress wins; then the session
/// that was claimed from longest ago (never first); then the oldest task. See
/// Documentation/Storage.md, "Claiming".
///
/// ```swift
/// let request = ClaimRequest(
///     lease: Lease(owner: "\(instance)/worker-3/\(claimNumber)", duration: .seconds(30)),
///     providers: ["openrouter", "ollama"]
/// )
/// if let claimed = try await store.claimNext(request) { ... }
/// ```
public struct ClaimRequest: Sendable, Hashable {
    /// The lease the claimed task is given. Its owner should be unique per claim: every later write
    /// on the task (``AgentStore/markCallStarted(_:owner:)``, ``AgentStore/commitTurn(_:)``,
    /// ``AgentStore/renewLease(_:lease:)``, ``AgentStore/releaseLease(_:owner:)``) is fenced by it.
    public var lease: Lease
    /// Which sessions to claim from.
    public var scope: ClaimScope
    /// Only tasks whose agent's provider is in this set: routing (a process claims only for the
    /// providers it has configured) and admission (the caller passes only the providers it holds a
    /// free call slot for). An empty set claims nothing. Include `""` to claim for agents whose
    /// provider is unknown (see ``AI2AICore/Agent/provider``).
    public var providers: Set<String>
    /// Whether the caller starts the claimed task's model call right away, with its call slot in
    /// hand: the claim then records the call as started in its own transaction, as
    /// ``AgentStore/markCallStarted(_:owner:)`` would, and the caller need not make that write.
    /// A claim's expiry costs the task an attempt only once a call started.
    public var startsCall: Bool

    /// Creates a claim request.
    /// - Parameters:
    ///   - lease: The lease to give the claimed task.
    ///   - scope: Which sessions to claim from; every session by default.
    ///   - providers: The providers whose agents' tasks may be claimed.
    ///   - startsCall: Whether the claim records that the task's model call starts (``startsCall``).
    public init(lease: Lease, scope: ClaimScope = .allSessions, providers: Set<String>, startsCall: Bool = false) {
        self.lease = lease
        self.scope = scope
        self.providers = providers
        self.startsCall = startsCall
    }
}

/// Which sessions a ``ClaimRequest`` claims from.
public enum ClaimScope: Sendable, Hashable {
    /// Every session in the store (a server).
    case allSessions
    /// Only these sessions (`ai2ai run` without `--serve-all`). An empty set claims nothing.
    case sessions(Set<SessionID>)

    /// Whether a session is in the scope.
    public func contains(_ session: SessionID) -> Bool {
        switch self {
        case .allSessions: true
        case .sessions(let sessions): sessions.contains(session)
        }
    }
}
