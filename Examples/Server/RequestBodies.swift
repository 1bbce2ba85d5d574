//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI

/// `POST /multi-agent/create`.
struct CreateMultiAgentRequest: Decodable, Sendable {
    var numAgents: Int
    var systemPrompt: String?
    var title: String?
    var tags: [String]?
    var agentNames: [String]?
    var agentRoles: [String]?
    var agentModels: [String]?

    enum CodingKeys: String, CodingKey {
        case title, tags
        case numAgents = "num_agents"
        case systemPrompt = "system_prompt"
        case agentNames = "agent_names"
        case agentRoles = "agent_roles"
        case agentModels = "agent_models"
    }

    /// The session to create, with the original's default names ("Agent 1") and roles ("Assistant 1").
    /// - Parameter maxAgents: The most agents allowed.
    /// - Throws: ``APIError`` 422 for `num_agents` out of range or a list of another length.
    func spec(maxAgents: Int) throws -> SessionSpec {
        guard (1...maxAgents).contains(numAgents) else {
            throw APIError.invalidField("num_agents", "must be between 1 and \(maxAgents), got \(numAgents)")
        }
        for (field, list) in [("agent_names", agentNames), ("agent_roles", agentRoles), ("agent_models", agentModels)] {
            if let list, list.count != numAgents {
                throw APIError.invalidField(field, "must have num_agents (\(numAgents)) entries, got \(list.count)")
            }
        }
        let agents = (0..<numAgents).map { index in
            AgentSpec(
                name: agentNames?[index] ?? "Agent \(index + 1)",
                role: agentRoles?[index] ?? "Assistant \(index + 1)",
                model: agentModels?[index] ?? ""
            )
        }
        return SessionSpec(title: title, systemPrompt: systemPrompt, tags: tags ?? [], agents: agents)
    }
}

/// `POST /multi-agent/message`.
struct MultiAgentMessageRequest: Decodable, Sendable {
    var sessionID: String
    var message: String
    var targetAgents: [Int]?
    var initiator: String?

    enum CodingKeys: String, CodingKey {
        case message, initiator
        case sessionID = "session_id"
        case targetAgents = "target_agents"
    }
}

/// `POST /feedback` and `POST /feedback/stream`.
struct FeedbackRequest: Decodable, Sendable {
    var context: String
    var question: String
    var model: String?
}

/// `POST /session/create`.
struct CreateSessionRequest: Decodable, Sendable {
    var systemPrompt: String?
    var title: String?
    var tags: [String]?

    enum CodingKeys: String, CodingKey {
        case title, tags
        case systemPrompt = "system_prompt"
    }
}

/// `POST /session/feedback` and `POST /session/feedback/stream`.
struct SessionFeedbackRequest: Decodable, Sendable {
    var sessionID: String
    var context: String
    var question: String
    var model: String?

    enum CodingKeys: String, CodingKey {
        case context, question, model
        case sessionID = "session_id"
    }
}
