//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// How a task ended: what ``TaskStatus`` it reached, with its result or error.
///
/// A model turn that ends its task carries one (`TurnOutcome.finish` in AI2AIStorage).
public enum TaskOutcome: Sendable, Hashable {
    /// The task succeeded with this result.
    case completed(String)
    /// The task failed for this reason.
    case failed(String)
    /// The task was abandoned; the reason is kept as its error.
    case cancelled(String)

    /// The status the outcome leads to.
    public var status: TaskStatus {
        switch self {
        case .completed: .completed
        case .failed: .failed
        case .cancelled: .cancelled
        }
    }
}
