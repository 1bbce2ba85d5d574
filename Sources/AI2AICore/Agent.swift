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
    /// The name of the provider the agent's model resolves to (`openrouter`, `ollama`, ...): what a
    /// store routes claims by (``Agent/provider`` must be in a claim's set of providers).
    ///
    /// The orchestrator sets it from its model registry when it creates the agent. An empty string
    /// means unknown (an agent stored by a version that did not record it, whose model has no known
    /// provider prefix); a claim includes such agents only when its providers contain `""`.
    public var provider: String
    /// How many of the agent's tasks may be in progress at once, across every process sharing the
    /// store. At least 1; default 1.
    public var maxRunning: Int
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
        provider: String? = nil,
        maxRunning: Int = 1,
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
        self.provider = provider ?? Agent.provider(ofModel: model)
        self.maxRunning = max(1, maxRunning)
        self.createdAt = createdAt
    }

    /// The provider a model string names when nothing else is known: the lowercased word before the
    /// first `:` (`ollama:llama3.2` is `ollama`), or `defaultProvider` for a bare model, an empty
    /// one, or one whose prefix contains a `/` (`meta-llama/llama-3-8b-instruct:free`).
    ///
    /// A model registry that knows which providers are configured decides better (an Ollama tag such
    /// as `llama3.2:3b` belongs to a default provider `ollama`); the orchestrator asks it.
    /// - Parameters:
    ///   - model: A `provider:model` string or a bare model.
    ///   - defaultProvider: The provider of a bare model. Default `openrouter`, the registry's default.
    /// - Returns: The provider name, lowercased.
    public static func provider(ofModel model: String, defaultProvider: String = "openrouter") -> String {
        let spec = model.trimmingCharacters(in: .whitespaces)
        guard let colon = spec.firstIndex(of: ":") else { return defaultProvider.lowercased() }
        let prefix = spec[..<colon]
        guard !prefix.isEmpty, !prefix.contains("/") else { return defaultProvider.lowercased() }
        return prefix.lowercased()
    }

    enum CodingKeys: String, CodingKey {
        case id, index, name, role, model
        case sessionID = "session_id"
        case actionFormat = "action_format"
        case isActive = "is_active"
        case provider
        case maxRunning = "max_running"
        case createdAt = "created_at"
    }

    /// Decodes an agent; `provider` and `max_running` are optional (JSON written before they existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(AgentID.self, forKey: .id)
        sessionID = try c.decode(SessionID.self, forKey: .sessionID)
        index = try c.decode(Int.self, forKey: .index)
        name = try c.decode(String.self, forKey: .name)
        role = try c.decode(String.self, forKey: .role)
        model = try c.decode(String.self, forKey: .model)
        actionFormat = try c.decode(ActionFormat.self, forKey: .actionFormat)
        isActive = try c.decode(Bool.self, forKey: .isActive)
        provider = try c.decodeIfPresent(String.self, forKey: .provider) ?? Agent.provider(ofModel: model)
        maxRunning = max(1, try c.decodeIfPresent(Int.self, forKey: .maxRunning) ?? 1)
        createdAt = try c.decode(Date.self, forKey: .createdAt)
    }
}
