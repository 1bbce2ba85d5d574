//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

/// A group of agents working on the messages sent to it.
public struct Session: Sendable, Codable, Hashable, Identifiable {
    /// The session's identifier.
    public var id: SessionID
    /// A human-readable title.
    public var title: String?
    /// A system prompt shared by every agent of the session.
    public var systemPrompt: String?
    /// Free-form labels.
    public var tags: [String]
    /// When the session was created.
    public var createdAt: Date
    /// When the session last changed.
    public var updatedAt: Date

    /// Creates a session value.
    /// - Parameters:
    ///   - id: The identifier; a new random one by default.
    ///   - title: A human-readable title.
    ///   - systemPrompt: A system prompt shared by every agent.
    ///   - tags: Free-form labels.
    ///   - createdAt: The creation time, read from the creator's ``AI2AIClock``.
    ///   - updatedAt: The last change; `createdAt` by default.
    public init(
        id: SessionID = .random(),
        title: String? = nil,
        systemPrompt: String? = nil,
        tags: [String] = [],
        createdAt: Date,
        updatedAt: Date? = nil
    ) {
        self.id = id
        self.title = title
        self.systemPrompt = systemPrompt
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, title, tags
        case systemPrompt = "system_prompt"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
