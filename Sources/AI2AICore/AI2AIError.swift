//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// An error of the AI2AI library outside the providers: unknown identifiers, refused transitions,
/// limits, storage failures.
///
/// Compare errors by ``code``: `catch let error as AI2AIError where error.code == .notFound`, or
/// pattern-match a code directly: `catch AI2AIError.Code.notFound`.
public struct AI2AIError: Error, Sendable, CustomStringConvertible {
    /// What kind of error this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case notFound = "not_found"
            case invalidTransition = "invalid_transition"
            case invalidArgument = "invalid_argument"
            case conflict
            case limitExceeded = "limit_exceeded"
            case leaseLost = "lease_lost"
            case storage
            case unavailable
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// An identifier (session, agent, task) that does not exist.
        public static let notFound = Code(.notFound)
        /// A task cannot move from its current status to the requested one.
        public static let invalidTransition = Code(.invalidTransition)
        /// An argument is malformed or out of range.
        public static let invalidArgument = Code(.invalidArgument)
        /// The operation clashes with existing data (a duplicate name or identifier, a turn stored twice).
        public static let conflict = Code(.conflict)
        /// A configured limit (depth, subtasks, turns, tokens, attempts) was reached.
        public static let limitExceeded = Code(.limitExceeded)
        /// The caller no longer holds the lease on the task it is working on.
        public static let leaseLost = Code(.leaseLost)
        /// The storage backend failed (cannot open, corrupt, I/O error).
        public static let storage = Code(.storage)
        /// The storage backend is busy or out of reach for now (SQLite's "database is locked" after
        /// its busy timeout); nothing was changed, and the same call may succeed when retried.
        public static let unavailable = Code(.unavailable)

        /// A stable snake_case name for the code, suitable for metrics and JSON.
        public var description: String { value.rawValue }
    }

    /// What kind of error this is.
    public var code: Code
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

extension AI2AIError.Code {
    /// Matches an error against a code in `catch` clauses: `catch AI2AIError.Code.notFound { ... }`.
    public static func ~= (code: Self, error: any Error) -> Bool {
        (error as? AI2AIError)?.code == code
    }
}

extension AI2AIError {
    /// An unknown identifier.
    public static func notFound(_ what: String, _ id: some CustomStringConvertible) -> AI2AIError {
        AI2AIError(.notFound, "\(what) \(id) not found")
    }
}
