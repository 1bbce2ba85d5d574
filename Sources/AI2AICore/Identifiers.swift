//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// A string identifier tagged with the kind of thing it names.
///
/// Identifiers are lower-case UUID strings by default, but any non-empty string is accepted so that
/// identifiers created by other systems (for example the original Python service) keep working.
/// They encode as a bare JSON string.
public protocol TypedIdentifier: Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral, Comparable
{
    /// The identifier's text.
    var rawValue: String { get }
    /// Wraps an existing identifier string.
    init(_ rawValue: String)
}

extension TypedIdentifier {
    /// Creates a new random identifier (a lower-case UUID).
    public static func random() -> Self { Self(UUID().uuidString.lowercased()) }

    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(try container.decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Identifies a ``Session``.
public struct SessionID: TypedIdentifier {
    public let rawValue: String
    /// Wraps an existing identifier string.
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// Identifies an ``Agent``.
public struct AgentID: TypedIdentifier {
    public let rawValue: String
    /// Wraps an existing identifier string.
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// Identifies an ``AgentTask``.
public struct TaskID: TypedIdentifier {
    public let rawValue: String
    /// Wraps an existing identifier string.
    public init(_ rawValue: String) { self.rawValue = rawValue }
}
