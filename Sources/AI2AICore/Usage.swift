//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

/// Tokens a model call consumed, as the provider reported them (`nil` when it did not say).
public struct Usage: Sendable, Codable, Hashable {
    /// Tokens read (the prompt).
    public var inputTokens: Int?
    /// Tokens written (the answer).
    public var outputTokens: Int?

    /// Creates a usage value.
    public init(inputTokens: Int? = nil, outputTokens: Int? = nil) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
    }
}

/// The usage of one model call, as stored for accounting.
public struct UsageRecord: Sendable, Codable, Hashable {
    /// The session the call was made for.
    public var sessionID: SessionID
    /// The task the call was made for, if any (feedback calls have none).
    public var taskID: TaskID?
    /// The agent that made the call, if any.
    public var agentID: AgentID?
    /// The model that answered.
    public var model: String
    /// Tokens read; 0 when the provider did not report them.
    public var inputTokens: Int
    /// Tokens written; 0 when the provider did not report them.
    public var outputTokens: Int
    /// When the call finished.
    public var createdAt: Date

    /// Creates a usage record.
    public init(
        sessionID: SessionID,
        taskID: TaskID? = nil,
        agentID: AgentID? = nil,
        model: String,
        inputTokens: Int,
        outputTokens: Int,
        createdAt: Date
    ) {
        self.sessionID = sessionID
        self.taskID = taskID
        self.agentID = agentID
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case model
        case sessionID = "session_id"
        case taskID = "task_id"
        case agentID = "agent_id"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case createdAt = "created_at"
    }
}

/// Summed usage over a set of model calls.
public struct UsageTotals: Sendable, Codable, Hashable {
    /// How many calls were summed.
    public var calls: Int
    /// Tokens read in all.
    public var inputTokens: Int
    /// Tokens written in all.
    public var outputTokens: Int

    /// Creates a total.
    public init(calls: Int = 0, inputTokens: Int = 0, outputTokens: Int = 0) {
        self.calls = calls
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    /// Tokens read and written.
    public var totalTokens: Int { inputTokens + outputTokens }

    enum CodingKeys: String, CodingKey {
        case calls
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
    }
}
