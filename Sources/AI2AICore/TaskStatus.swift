//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// Where a task is in its life cycle.
///
/// ```
/// pending --claim--> in_progress --complete--> completed
///    ^                  |   |  \----fail----> failed
///    |                  |   \--delegate--> waiting --last child finished--> pending
///    \--lease expired---/
/// ```
/// `completed`, `failed` and `cancelled` are terminal. JSON uses the snake_case raw values.
public enum TaskStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// Ready to be claimed by its agent.
    case pending
    /// Claimed by its agent, which holds a lease on it.
    case inProgress = "in_progress"
    /// Parked until all of its subtasks have finished.
    case waiting
    /// Finished with a result.
    case completed
    /// Finished with an error.
    case failed
    /// Abandoned on request.
    case cancelled

    /// Whether the task can no longer change.
    public var isTerminal: Bool {
        switch self {
        case .completed, .failed, .cancelled: true
        case .pending, .inProgress, .waiting: false
        }
    }

    /// Whether the task is still open (not terminal).
    public var isOpen: Bool { !isTerminal }
}
