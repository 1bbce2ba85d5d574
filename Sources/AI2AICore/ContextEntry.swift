//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

/// A key/value note kept on a task; setting an existing key replaces its value.
public struct ContextEntry: Sendable, Codable, Hashable {
    /// The task the entry belongs to.
    public var taskID: TaskID
    /// The key, unique per task.
    public var key: String
    /// The value.
    public var value: String
    /// When the value was last set.
    public var updatedAt: Date

    /// Creates a context entry.
    public init(taskID: TaskID, key: String, value: String, updatedAt: Date) {
        self.taskID = taskID
        self.key = key
        self.value = value
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case key, value
        case taskID = "task_id"
        case updatedAt = "updated_at"
    }
}
