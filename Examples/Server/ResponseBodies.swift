//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

// The answers of the multi-agent endpoints, with the JSON names of the original ai2ai-feedback
// system. Optional fields are written as `null` (not left out), as the original does.

/// `{"session_id"}`.
struct SessionCreatedBody: Encodable, Sendable {
    var sessionID: SessionID
    enum CodingKeys: String, CodingKey { case sessionID = "session_id" }
}

/// `{"success": true, "message"}`.
struct SuccessBody: Encodable, Sendable {
    var success = true
    var message: String
}

/// One task in `GET /multi-agent/tasks/{session_id}`.
struct TaskBody: Encodable, Sendable {
    var task: AgentTask

    enum CodingKeys: String, CodingKey {
        case id, title, description, status, result, error, depth
        case createdBy = "created_by"
        case assignedTo = "assigned_to"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case completedAt = "completed_at"
        case parentTaskID = "parent_task_id"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(task.id, forKey: .id)
        try c.encode(task.title, forKey: .title)
        try c.encode(task.description, forKey: .description)
        try c.encode(task.status, forKey: .status)
        try c.encode(task.createdBy, forKey: .createdBy)
        try c.encode(task.assignedTo, forKey: .assignedTo)
        try c.encode(task.createdAt, forKey: .createdAt)
        try c.encode(task.updatedAt, forKey: .updatedAt)
        try c.encode(task.completedAt, forKey: .completedAt)
        try c.encode(task.parentTaskID, forKey: .parentTaskID)
        try c.encode(task.result, forKey: .result)
        try c.encode(task.error, forKey: .error)
        try c.encode(task.depth, forKey: .depth)
    }
}

/// `{"session_id", "tasks"}`.
struct TaskListBody: Encodable, Sendable {
    var sessionID: SessionID
    var tasks: [TaskBody]
    enum CodingKeys: String, CodingKey {
        case tasks
        case sessionID = "session_id"
    }
}

/// `GET /multi-agent/tasks/{session_id}/{task_id}`: a task with its context, updates and subtasks.
struct TaskDetailBody: Encodable, Sendable {
    var sessionID: SessionID
    var task: TaskBody
    var context: [ContextEntry]
    var updates: [TaskUpdate]
    var subtasks: [TaskBody]
    enum CodingKeys: String, CodingKey {
        case task, context, updates, subtasks
        case sessionID = "session_id"
    }
}

/// An agent in `GET /multi-agent/agents/{session_id}`.
struct AgentBody: Encodable, Sendable {
    /// The agent's identifier: what tasks name in `assigned_to` and events in `agent_id`.
    var id: AgentID
    var index: Int
    var name: String
    var role: String
    var model: String
    var isActive: Bool
    var maxRunning: Int
    enum CodingKeys: String, CodingKey {
        case id, index, name, role, model
        case isActive = "is_active"
        case maxRunning = "max_running"
    }
}

/// `{"session_id", "agents"}`.
struct AgentListBody: Encodable, Sendable {
    var sessionID: SessionID
    var agents: [AgentBody]
    enum CodingKeys: String, CodingKey {
        case agents
        case sessionID = "session_id"
    }
}

/// One agent's entry in the answer to `POST /multi-agent/message`.
struct AgentResponseBody: Encodable, Sendable {
    var agentIndex: Int
    var agentName: String
    var agentRole: String
    var response: String
    var model: String
    var taskID: TaskID
    enum CodingKeys: String, CodingKey {
        case response, model
        case agentIndex = "agent_index"
        case agentName = "agent_name"
        case agentRole = "agent_role"
        case taskID = "task_id"
    }
}

/// The answer to `POST /multi-agent/message`.
struct MessageSentBody: Encodable, Sendable {
    struct Metadata: Encodable, Sendable {
        var timestamp: Date
        var targetAgents: [Int]?
        enum CodingKeys: String, CodingKey {
            case timestamp
            case targetAgents = "target_agents"
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(timestamp, forKey: .timestamp)
            try c.encode(targetAgents, forKey: .targetAgents)
        }
    }
    var sessionID: SessionID
    var message: String
    var responses: [AgentResponseBody]
    var metadata: Metadata
    enum CodingKeys: String, CodingKey {
        case message, responses, metadata
        case sessionID = "session_id"
    }
}

/// One completed task in `GET /multi-agent/responses/{session_id}`.
struct TaskResponseBody: Encodable, Sendable {
    struct AgentInfo: Encodable, Sendable {
        var index: Int
        var name: String
        var role: String
        var model: String
    }
    var taskID: TaskID
    var title: String
    var description: String
    var result: String?
    var completedAt: Date?
    var agent: AgentInfo?
    enum CodingKeys: String, CodingKey {
        case title, description, result, agent
        case taskID = "task_id"
        case completedAt = "completed_at"
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(taskID, forKey: .taskID)
        try c.encode(title, forKey: .title)
        try c.encode(description, forKey: .description)
        try c.encode(result, forKey: .result)
        try c.encode(completedAt, forKey: .completedAt)
        try c.encode(agent, forKey: .agent)
    }
}

/// `{"session_id", "responses"}`.
struct TaskResponseListBody: Encodable, Sendable {
    var sessionID: SessionID
    var responses: [TaskResponseBody]
    enum CodingKeys: String, CodingKey {
        case responses
        case sessionID = "session_id"
    }
}
