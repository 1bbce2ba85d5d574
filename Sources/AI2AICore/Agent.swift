//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

/// One member of a session: a name, a role and the model it thinks with.
public struct Agent: Sendable, Codable, Hashable, Identifiable {
    /// How an agent's model expresses actions.
    public enum ActionFormat: String, Sendable, Codable, Hashable, CaseIterable {
        /// Native tool calling (`delegate_task`, `complete_task`, ...).
        case toolCalls = "tool_calls"
        /// Fenced blocks in the answer text (```` ```complete {"result": ...}``` ````), for models without
        /// tool calling; the format of the original ai2ai-feedback system.
        case fencedBlocks = "fenced_blocks"
    }

    /// The agent's identifier.
    public var id: AgentID
    /// The session the agent belongs to.
    public var sessionID: SessionID
    /// The agent's 0-based position in its session.
    public var index: Int
    /// The agent's name, unique within its session.
    public var name: String
    /// What the agent does ("Researcher", "Critic", ...).
    public var role: String
    /// The model, as a `provider:model` string or a bare model of the default provider.
    public var model: String
    /// How the agent's model expresses actions.
    public var actionFormat: ActionFormat
    /// Whether the agent's loop is meant to be running.
    public var isActive: Bool
    /// When the agent was created.
    public var createdAt: Date

    /// Creates an agent value.
    public init(
        id: AgentID = .random(),
        sessionID: SessionID,
        index: Int,
        name: String,
        role: String,
        model: String,
        actionFormat: ActionFormat = .toolCalls,
        isActive: Bool = true,
        createdAt: Date
    ) {
        self.id = id
        self.sessionID = sessionID
        self.index = index
        self.name = name
        self.role = role
        self.model = model
        self.actionFormat = actionFormat
        self.isActive = isActive
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, index, name, role, model
        case sessionID = "session_id"
        case actionFormat = "action_format"
        case isActive = "is_active"
        case createdAt = "created_at"
    }
}
