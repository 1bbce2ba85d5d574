//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

/// Something that happened in a session, for UIs, logs and server-sent events.
///
/// Every kind but ``Kind/modelTextDelta(taskID:agentID:text:)`` and ``Kind/sessionDeleted`` is
/// stored, in the same transaction as the change it reports, with a per-session ``sequence``
/// (1, 2, 3, ... with no gap), so that a subscriber can replay a session's history and resume after
/// the last event it saw (``Kind/isStored``). The JSON form is
/// `{"type": "task_created", "session_id": ..., "sequence": 1, "timestamp": ..., ...}` with the
/// payload's fields beside `type`.
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
        /// A model streamed text while working on a task. Live only (never stored): its
        /// ``SessionEvent/sequence`` is the last stored event of the task that it follows, and
        /// ``SessionEvent/deltaIndex`` numbers the deltas of one model call from 0. The turn's
        /// whole text is stored with ``turnCommitted(taskID:agentID:turn:text:usage:)``.
        case modelTextDelta(taskID: TaskID, agentID: AgentID, text: String)
        /// A model turn of a task was committed; `text` is the model's whole answer in that turn
        /// (what its ``modelTextDelta(taskID:agentID:text:)`` events streamed), `turn` its
        /// 0-based index, `usage` the tokens of the turn's model call (`nil` when the turn made
        /// none, such as a turn replayed after a crash; a token count the provider did not report
        /// is 0). Summing `usage` over a task's turns gives its tokens without a query.
        case turnCommitted(taskID: TaskID, agentID: AgentID, turn: Int, text: String, usage: Usage?)
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
        /// The session was cancelled (``TaskStatus/cancelled``): its open tasks were cancelled, each
        /// announced by a ``taskStatusChanged(taskID:from:to:)`` before this event.
        case sessionCancelled
        /// The session was deleted; its event stream ends after this event. Live only: deleting
        /// a session deletes its stored events.
        case sessionDeleted

        /// Whether events of this kind are stored (and so replayed): every kind but
        /// ``modelTextDelta(taskID:agentID:text:)`` and ``sessionDeleted``.
        public var isStored: Bool {
            switch self {
            case .modelTextDelta, .sessionDeleted: false
            default: true
            }
        }
    }

    /// Every event `type` string, in the order of ``Kind``'s cases.
    public static let allTypes: [String] = [
        "task_created", "task_status_changed", "task_delegated", "update", "context", "model_text_delta",
        "turn_committed", "model_retry", "task_completed", "task_failed", "agent_started", "agent_stopped",
        "session_cancelled", "session_deleted",
    ]

    /// The session the event belongs to.
    public var sessionID: SessionID
    /// The event's position in its session's stored history: 1 for the first stored event, no
    /// gaps. A model text delta is not stored: it carries the sequence of the last stored event of
    /// its task that it follows.
    public var sequence: UInt64
    /// For a model text delta, its position among the deltas of one model call (from 0); `nil` for
    /// every other event.
    public var deltaIndex: Int?
    /// When it happened.
    public var timestamp: Date
    /// What happened.
    public var kind: Kind

    /// Creates an event.
    /// - Parameters:
    ///   - sessionID: The session.
    ///   - sequence: The stored sequence number (for a delta, the one it follows).
    ///   - timestamp: When it happened.
    ///   - kind: What happened.
    ///   - deltaIndex: For a model text delta, its index within its model call.
    public init(sessionID: SessionID, sequence: UInt64, timestamp: Date, kind: Kind, deltaIndex: Int? = nil) {
        self.sessionID = sessionID
        self.sequence = sequence
        self.timestamp = timestamp
        self.kind = kind
        self.deltaIndex = deltaIndex
    }

    /// Whether the event is stored (``Kind/isStored``): it has an SSE `id:` and can be replayed.
    public var isStored: Bool { kind.isStored }

    /// The event's `type` string in JSON (`task_created`, `model_text_delta`, ...).
    public var type: String {
        switch kind {
        case .taskCreated: "task_created"
        case .taskStatusChanged: "task_status_changed"
        case .taskDelegated: "task_delegated"
        case .update: "update"
        case .context: "context"
        case .modelTextDelta: "model_text_delta"
        case .turnCommitted: "turn_committed"
        case .modelRetry: "model_retry"
        case .taskCompleted: "task_completed"
        case .taskFailed: "task_failed"
        case .agentStarted: "agent_started"
        case .agentStopped: "agent_stopped"
        case .sessionCancelled: "session_cancelled"
        case .sessionDeleted: "session_deleted"
        }
    }

    enum CodingKeys: String, CodingKey {
        case type, sequence, timestamp, task, update, context, text, from, to, child, attempt, reason, turn, usage
        case deltaIndex = "delta_index"
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
        deltaIndex = try c.decodeIfPresent(Int.self, forKey: .deltaIndex)
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
        case "turn_committed":
            kind = .turnCommitted(
                taskID: try c.decode(TaskID.self, forKey: .taskID),
                agentID: try c.decode(AgentID.self, forKey: .agentID),
                turn: try c.decode(Int.self, forKey: .turn),
                text: try c.decode(String.self, forKey: .text),
                usage: try c.decodeIfPresent(Usage.self, forKey: .usage)
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
        case "session_cancelled": kind = .sessionCancelled
        case "session_deleted": kind = .sessionDeleted
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
        try c.encodeIfPresent(deltaIndex, forKey: .deltaIndex)
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
        case .turnCommitted(let taskID, let agentID, let turn, let text, let usage):
            try c.encode(taskID, forKey: .taskID)
            try c.encode(agentID, forKey: .agentID)
            try c.encode(turn, forKey: .turn)
            try c.encode(text, forKey: .text)
            try c.encodeIfPresent(usage, forKey: .usage)
        case .modelRetry(let taskID, let agentID, let attempt, let wait, let reason):
            try c.encode(taskID, forKey: .taskID)
            try c.encode(agentID, forKey: .agentID)
            try c.encode(attempt, forKey: .attempt)
            try c.encode(wait.timeInterval, forKey: .waitSeconds)
            try c.encode(reason, forKey: .reason)
        case .agentStarted(let agentID), .agentStopped(let agentID):
            try c.encode(agentID, forKey: .agentID)
        case .sessionCancelled, .sessionDeleted:
            break
        }
    }
}
