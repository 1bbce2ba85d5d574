//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

/// A unit of work assigned to one agent.
///
/// Root tasks come from messages sent to a session; subtasks come from delegation and point at
/// their parent. The JSON form uses the field names of the original ai2ai-feedback system
/// (`created_by`, `assigned_to`, `parent_task_id`, ...).
public struct AgentTask: Sendable, Codable, Hashable, Identifiable {
    /// The task's identifier.
    public var id: TaskID
    /// The session the task belongs to.
    public var sessionID: SessionID
    /// A short title.
    public var title: String
    /// What has to be done.
    public var description: String
    /// Where the task is in its life cycle.
    public var status: TaskStatus
    /// Who created the task: `"user"` (or another initiator) for root tasks, the delegating
    /// agent's identifier for subtasks.
    public var createdBy: String
    /// The agent working on the task.
    public var assignedTo: AgentID
    /// The task this one was delegated from, if any.
    public var parentTaskID: TaskID?
    /// 0 for a root task, the parent's depth + 1 for a subtask.
    public var depth: Int
    /// The result, once completed.
    public var result: String?
    /// Why the task failed, once failed.
    public var error: String?
    /// When the task was created.
    public var createdAt: Date
    /// When the task last changed.
    public var updatedAt: Date
    /// When the task reached a terminal status.
    public var completedAt: Date?
    /// How many times a lease on the task expired (its worker crashed or stalled).
    public var attempt: Int
    /// Who holds the task's lease while it is in progress.
    public var leaseOwner: String?
    /// When the lease runs out unless renewed.
    public var leaseExpiresAt: Date?

    /// Creates a task value. New tasks are pending, unclaimed and at attempt 0.
    public init(
        id: TaskID = .random(),
        sessionID: SessionID,
        title: String,
        description: String,
        status: TaskStatus = .pending,
        createdBy: String,
        assignedTo: AgentID,
        parentTaskID: TaskID? = nil,
        depth: Int = 0,
        result: String? = nil,
        error: String? = nil,
        createdAt: Date,
        updatedAt: Date? = nil,
        completedAt: Date? = nil,
        attempt: Int = 0,
        leaseOwner: String? = nil,
        leaseExpiresAt: Date? = nil
    ) {
        self.id = id
        self.sessionID = sessionID
        self.title = title
        self.description = description
        self.status = status
        self.createdBy = createdBy
        self.assignedTo = assignedTo
        self.parentTaskID = parentTaskID
        self.depth = depth
        self.result = result
        self.error = error
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.completedAt = completedAt
        self.attempt = attempt
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
    }

    enum CodingKeys: String, CodingKey {
        case id, title, description, status, depth, result, error, attempt
        case sessionID = "session_id"
        case createdBy = "created_by"
        case assignedTo = "assigned_to"
        case parentTaskID = "parent_task_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case completedAt = "completed_at"
        case leaseOwner = "lease_owner"
        case leaseExpiresAt = "lease_expires_at"
    }
}
