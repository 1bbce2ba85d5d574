//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// `POST /multi-agent/create`.
struct CreateMultiAgentRequest: Decodable, Sendable {
    var numAgents: Int
    var systemPrompt: String?
    var title: String?
    var tags: [String]?
    var agentNames: [String]?
    var agentRoles: [String]?
    var agentModels: [String]?
    var agentMaxRunning: [Int]?

    /// The most tasks one agent may be asked to have in progress at once.
    static let maxRunningLimit = 1_000

    enum CodingKeys: String, CodingKey {
        case title, tags
        case numAgents = "num_agents"
        case systemPrompt = "system_prompt"
        case agentNames = "agent_names"
        case agentRoles = "agent_roles"
        case agentModels = "agent_models"
        case agentMaxRunning = "agent_max_running"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        numAgents = try c.decode(JSONInteger.self, forKey: .numAgents).value
        systemPrompt = try c.decodeIfPresent(String.self, forKey: .systemPrompt)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        tags = try c.decodeIfPresent([String].self, forKey: .tags)
        agentNames = try c.decodeIfPresent([String].self, forKey: .agentNames)
        agentRoles = try c.decodeIfPresent([String].self, forKey: .agentRoles)
        agentModels = try c.decodeIfPresent([String].self, forKey: .agentModels)
        agentMaxRunning = try c.decodeIfPresent([JSONInteger].self, forKey: .agentMaxRunning)?.map(\.value)
    }

    /// The session to create, with the original's default names ("Agent 1") and roles ("Assistant 1").
    /// - Parameter maxAgents: The most agents allowed.
    /// - Throws: ``APIError`` 422 for `num_agents` out of range, a list of another length, a
    ///   name that is empty, has white space at either end or holds a NUL character, or an
    ///   `agent_max_running` entry outside 1...1000.
    func spec(maxAgents: Int) throws -> SessionSpec {
        guard (1...maxAgents).contains(numAgents) else {
            throw APIError.invalidField("num_agents", "must be between 1 and \(maxAgents), got \(numAgents)")
        }
        for (field, list) in [("agent_names", agentNames), ("agent_roles", agentRoles), ("agent_models", agentModels)] {
            if let list, list.count != numAgents {
                throw APIError.invalidField(field, "must have num_agents (\(numAgents)) entries, got \(list.count)")
            }
        }
        if let agentMaxRunning, agentMaxRunning.count != numAgents {
            throw APIError.invalidField(
                "agent_max_running",
                "must have num_agents (\(numAgents)) entries, got \(agentMaxRunning.count)"
            )
        }
        for (index, name) in (agentNames ?? []).enumerated() {
            try Self.check(name: name, field: "agent_names[\(index)]")
        }
        for (index, limit) in (agentMaxRunning ?? []).enumerated() where !(1...Self.maxRunningLimit).contains(limit) {
            throw APIError.invalidField(
                "agent_max_running[\(index)]",
                "must be between 1 and \(Self.maxRunningLimit), got \(limit)"
            )
        }
        let agents = (0..<numAgents).map { index in
            AgentSpec(
                name: agentNames?[index] ?? "Agent \(index + 1)",
                role: agentRoles?[index] ?? "Assistant \(index + 1)",
                model: agentModels?[index] ?? "",
                maxRunning: agentMaxRunning?[index]
            )
        }
        return SessionSpec(title: title, systemPrompt: systemPrompt, tags: tags ?? [], agents: agents)
    }
}

extension CreateMultiAgentRequest {
    /// Names are taken as they are written, so that the document's schema can say which are
    /// accepted: blank names and white space at either end are refused rather than trimmed, and a
    /// NUL character is refused (SQLite compares names only up to it).
    private static func check(name: String, field: String) throws {
        if name.isEmpty { throw APIError.invalidField(field, "must not be empty") }
        if name.trimmingCharacters(in: .whitespacesAndNewlines) != name {
            throw APIError.invalidField(field, "must not start or end with white space")
        }
        if name.unicodeScalars.contains("\0") { throw APIError.invalidField(field, "must not contain a NUL character") }
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

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sessionID = try c.decode(String.self, forKey: .sessionID)
        message = try c.decode(String.self, forKey: .message)
        targetAgents = try c.decodeIfPresent([JSONInteger].self, forKey: .targetAgents)?.map(\.value)
        initiator = try c.decodeIfPresent(String.self, forKey: .initiator)
    }
}

/// An integer field whose decoding errors name the field. Foundation's decoder reports a number
/// that does not fit `Int` (`99999999999999999999`, `1.5`) as invalid JSON at the root of the
/// document; this reads such a number as a `Double` to say which field holds it.
struct JSONInteger: Decodable, Sendable {
    var value: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self.value = value
            return
        }
        if container.decodeNil() {
            throw DecodingError.valueNotFound(
                Int.self,
                .init(codingPath: decoder.codingPath, debugDescription: "expected an integer, got null")
            )
        }
        if let number = try? container.decode(Double.self) {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected an integer from \(Int.min) to \(Int.max), got \(number)"
            )
        }
        throw DecodingError.typeMismatch(
            Int.self,
            .init(codingPath: decoder.codingPath, debugDescription: "expected an integer")
        )
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
