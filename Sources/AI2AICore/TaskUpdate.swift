//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

/// A timestamped note appended to a task: progress, feedback, delegation or a system notice.
public struct TaskUpdate: Sendable, Codable, Hashable, Identifiable {
    /// What an update is about.
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        /// Progress reported by the task's agent.
        case progress
        /// Feedback given by another agent.
        case feedback
        /// A subtask was delegated.
        case delegation
        /// A notice from the orchestrator (retries, limits, recovery).
        case system
    }

    /// The update's identifier.
    public var id: String
    /// The task the update belongs to.
    public var taskID: TaskID
    /// The session of that task.
    public var sessionID: SessionID
    /// What the update is about.
    public var kind: Kind
    /// Who wrote it: an agent identifier, `"user"` or `"system"`.
    public var author: String
    /// The text.
    public var content: String
    /// When it was written.
    public var createdAt: Date

    /// Creates an update.
    public init(
        id: String = UUID().uuidString.lowercased(),
        taskID: TaskID,
        sessionID: SessionID,
        kind: Kind,
        author: String,
        content: String,
        createdAt: Date
    ) {
        self.id = id
        self.taskID = taskID
        self.sessionID = sessionID
        self.kind = kind
        self.author = author
        self.content = content
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, author, content
        case taskID = "task_id"
        case sessionID = "session_id"
        case createdAt = "created_at"
    }
}
