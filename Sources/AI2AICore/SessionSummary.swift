//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

/// Where a session is in its life cycle, derived from the statuses of its tasks.
///
/// A session has no status of its own: it is `active` while a task is open and, once none is, says
/// how its tasks ended. A new message makes a finished or cancelled session `active` again.
public enum SessionStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// No task yet.
    case idle
    /// At least one task is pending, in progress or waiting on subtasks.
    case active
    /// Every task is completed.
    case completed
    /// No task is open, at least one failed and none was cancelled.
    case failed
    /// No task is open and at least one was cancelled (``TaskStatus/cancelled``).
    case cancelled

    /// Whether the session has work left (tasks that are not terminal).
    public var isOpen: Bool { self == .active }

    /// The status of a session whose tasks have these counts by status.
    /// - Parameter taskCounts: How many tasks have each status; a missing status counts 0.
    public init(taskCounts: [TaskStatus: Int]) {
        func count(_ status: TaskStatus) -> Int { taskCounts[status] ?? 0 }
        if TaskStatus.allCases.filter(\.isOpen).contains(where: { count($0) > 0 }) {
            self = .active
        } else if count(.cancelled) > 0 {
            self = .cancelled
        } else if count(.failed) > 0 {
            self = .failed
        } else if count(.completed) > 0 {
            self = .completed
        } else {
            self = .idle
        }
    }
}

/// A session as listed: the session, how many of its tasks have each status, and when it last changed.
///
/// JSON: `{"session_id", "title", "tags", "created_at", "updated_at", "last_activity_at", "status",
/// "task_counts": {"pending": 0, "in_progress": 1, "waiting": 0, "completed": 2, "failed": 0, "cancelled": 0}}`,
/// every status present in `task_counts`.
public struct SessionSummary: Sendable, Hashable, Codable, Identifiable {
    /// The session.
    public var session: Session
    /// How many of the session's tasks (root tasks and subtasks) have each status; a status
    /// without tasks may be missing.
    public var taskCounts: [TaskStatus: Int]
    /// The latest of the session's own change, its tasks' changes and its messages: what
    /// retention compares with its limit.
    public var lastActivityAt: Date

    /// The session's identifier.
    public var id: SessionID { session.id }
    /// The status derived from ``taskCounts``.
    public var status: SessionStatus { SessionStatus(taskCounts: taskCounts) }
    /// How many tasks the session has in all.
    public var taskCount: Int { taskCounts.values.reduce(0, +) }

    /// Creates a summary.
    /// - Parameters:
    ///   - session: The session.
    ///   - taskCounts: How many tasks have each status.
    ///   - lastActivityAt: The session's last change.
    public init(session: Session, taskCounts: [TaskStatus: Int], lastActivityAt: Date) {
        self.session = session
        self.taskCounts = taskCounts
        self.lastActivityAt = lastActivityAt
    }

    enum CodingKeys: String, CodingKey {
        case title, tags, status
        case sessionID = "session_id"
        case systemPrompt = "system_prompt"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case lastActivityAt = "last_activity_at"
        case taskCounts = "task_counts"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        session = Session(
            id: try c.decode(SessionID.self, forKey: .sessionID),
            title: try c.decodeIfPresent(String.self, forKey: .title),
            systemPrompt: try c.decodeIfPresent(String.self, forKey: .systemPrompt),
            tags: try c.decodeIfPresent([String].self, forKey: .tags) ?? [],
            createdAt: try c.decode(Date.self, forKey: .createdAt),
            updatedAt: try c.decode(Date.self, forKey: .updatedAt)
        )
        lastActivityAt = try c.decode(Date.self, forKey: .lastActivityAt)
        let counts = try c.decode([String: Int].self, forKey: .taskCounts)
        var taskCounts: [TaskStatus: Int] = [:]
        for (key, value) in counts {
            guard let status = TaskStatus(rawValue: key) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .taskCounts,
                    in: c,
                    debugDescription: "Unknown task status \(key)"
                )
            }
            taskCounts[status] = value
        }
        self.taskCounts = taskCounts
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(session.id, forKey: .sessionID)
        try c.encode(session.title, forKey: .title)
        try c.encode(session.systemPrompt, forKey: .systemPrompt)
        try c.encode(session.tags, forKey: .tags)
        try c.encode(session.createdAt, forKey: .createdAt)
        try c.encode(session.updatedAt, forKey: .updatedAt)
        try c.encode(lastActivityAt, forKey: .lastActivityAt)
        try c.encode(status, forKey: .status)
        let counts = Dictionary(uniqueKeysWithValues: TaskStatus.allCases.map { ($0.rawValue, taskCounts[$0] ?? 0) })
        try c.encode(counts, forKey: .taskCounts)
    }
}
