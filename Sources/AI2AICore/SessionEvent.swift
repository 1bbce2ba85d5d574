//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

/// Something that happened in a session, for UIs, logs and server-sent events.
///
/// Events of one session are delivered in the order they happened; ``sequence`` numbers them.
/// The JSON form is `{"type": "task_created", "session_id": ..., "sequence": 1, "timestamp": ..., ...}`
/// with the payload's fields beside `type`.
public struct SessionEvent: Sendable, Hashable, Codable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        /// A task was created (a root task from a message, or a subtask from delegation).
        case taskCreated(AgentTask)
        /// A task moved from one status to another.
        case taskStatusChanged(taskID: TaskID, from: TaskStatus, to: TaskStatus)
        /// A task delegated a subtask to another agent.
        case taskDelegated(parentID: TaskID, child: AgentTask)
        /// An update was appended to a task.
        case update(TaskUpdate)
        /// A context entry was set on a task.
        case context(ContextEntry)
        /// A model streamed text while working on a task.
        case modelTextDelta(taskID: TaskID, agentID: AgentID, text: String)
        /// A model call failed with a transient error and is tried again after `wait`: `attempt`
        /// is the number of the attempt that failed (counting the provider client's own retries),
        /// `reason` the error. Sent before the wait. Text streamed by the failed attempt is not
        /// part of the answer: drop it.
        case modelRetry(taskID: TaskID, agentID: AgentID, attempt: Int, wait: Duration, reason: String)
        /// A task completed.
        case taskCompleted(AgentTask)
        /// A task failed.
        case taskFailed(AgentTask)
        /// An agent's loop started.
        case agentStarted(AgentID)
        /// An agent's loop stopped.
        case agentStopped(AgentID)
    }

    /// The session the event belongs to.
    public var sessionID: SessionID
    /// The event's position in its session's event stream (starts at 1 per process).
    public var sequence: UInt64
    /// When it happened.
    public var timestamp: Date
    /// What happened.
    public var kind: Kind

    /// Creates an event.
    public init(sessionID: SessionID, sequence: UInt64, timestamp: Date, kind: Kind) {
        self.sessionID = sessionID
        self.sequence = sequence
        self.timestamp = timestamp
        self.kind = kind
    }

    /// The event's `type` string in JSON (`task_created`, `model_text_delta`, ...).
    public var type: String {
        switch kind {
        case .taskCreated: "task_created"
        case .taskStatusChanged: "task_status_changed"
        case .taskDelegated: "task_delegated"
        case .update: "update"
        case .context: "context"
        case .modelTextDelta: "model_text_delta"
        case .modelRetry: "model_retry"
        case .taskCompleted: "task_completed"
        case .taskFailed: "task_failed"
        case .agentStarted: "agent_started"
        case .agentStopped: "agent_stopped"
        }
    }

    enum CodingKeys: String, CodingKey {
        case type, sequence, timestamp, task, update, context, text, from, to, child, attempt, reason
        case waitSeconds = "wait_seconds"
        case sessionID = "session_id"
        case taskID = "task_id"
        case parentID = "parent_id"
        case agentID = "agent_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sessionID = try c.decode(SessionID.self, forKey: .sessionID)
        sequence = try c.decode(UInt64.self, forKey: .sequence)
        timestamp = try c.decode(Date.self, forKey: .timestamp)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "task_created": kind = .taskCreated(try c.decode(AgentTask.self, forKey: .task))
        case "task_status_changed":
            kind = .taskStatusChanged(
                taskID: try c.decode(TaskID.self, forKey: .taskID),
                from: try c.decode(TaskStatus.self, forKey: .from),
                to: try c.decode(TaskStatus.self, forKey: .to)
            )
        case "task_delegated":
            kind = .taskDelegated(
                parentID: try c.decode(TaskID.self, forKey: .parentID),
                child: try c.decode(AgentTask.self, forKey: .child)
            )
        case "update": kind = .update(try c.decode(TaskUpdate.self, forKey: .update))
        case "context": kind = .context(try c.decode(ContextEntry.self, forKey: .context))
        case "model_text_delta":
            kind = .modelTextDelta(
                taskID: try c.decode(TaskID.self, forKey: .taskID),
                agentID: try c.decode(AgentID.self, forKey: .agentID),
                text: try c.decode(String.self, forKey: .text)
            )
        case "model_retry":
            kind = .modelRetry(
                taskID: try c.decode(TaskID.self, forKey: .taskID),
                agentID: try c.decode(AgentID.self, forKey: .agentID),
                attempt: try c.decode(Int.self, forKey: .attempt),
                wait: Duration(timeInterval: try c.decode(Double.self, forKey: .waitSeconds)),
                reason: try c.decode(String.self, forKey: .reason)
            )
        case "task_completed": kind = .taskCompleted(try c.decode(AgentTask.self, forKey: .task))
        case "task_failed": kind = .taskFailed(try c.decode(AgentTask.self, forKey: .task))
        case "agent_started": kind = .agentStarted(try c.decode(AgentID.self, forKey: .agentID))
        case "agent_stopped": kind = .agentStopped(try c.decode(AgentID.self, forKey: .agentID))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type,
                in: c,
                debugDescription: "Unknown session event type \(type)"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(sessionID, forKey: .sessionID)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(timestamp, forKey: .timestamp)
        switch kind {
        case .taskCreated(let task), .taskCompleted(let task), .taskFailed(let task):
            try c.encode(task, forKey: .task)
        case .taskStatusChanged(let taskID, let from, let to):
            try c.encode(taskID, forKey: .taskID)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
        case .taskDelegated(let parentID, let child):
            try c.encode(parentID, forKey: .parentID)
            try c.encode(child, forKey: .child)
        case .update(let update): try c.encode(update, forKey: .update)
        case .context(let entry): try c.encode(entry, forKey: .context)
        case .modelTextDelta(let taskID, let agentID, let text):
            try c.encode(taskID, forKey: .taskID)
            try c.encode(agentID, forKey: .agentID)
            try c.encode(text, forKey: .text)
        case .modelRetry(let taskID, let agentID, let attempt, let wait, let reason):
            try c.encode(taskID, forKey: .taskID)
            try c.encode(agentID, forKey: .agentID)
            try c.encode(attempt, forKey: .attempt)
            try c.encode(wait.timeInterval, forKey: .waitSeconds)
            try c.encode(reason, forKey: .reason)
        case .agentStarted(let agentID), .agentStopped(let agentID):
            try c.encode(agentID, forKey: .agentID)
        }
    }
}
