//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

/// One message of a session's conversation, kept for session-scoped feedback.
public struct SessionMessage: Sendable, Codable, Hashable, Identifiable {
    /// The message's identifier.
    public var id: String
    /// The session the message belongs to.
    public var sessionID: SessionID
    /// Who spoke: `"user"`, `"assistant"` or `"system"`.
    public var role: String
    /// What was said.
    public var content: String
    /// When it was said.
    public var createdAt: Date

    /// Creates a session message.
    public init(
        id: String = UUID().uuidString.lowercased(),
        sessionID: SessionID,
        role: String,
        content: String,
        createdAt: Date
    ) {
        self.id = id
        self.sessionID = sessionID
        self.role = role
        self.content = content
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, role, content
        case sessionID = "session_id"
        case createdAt = "created_at"
    }
}
