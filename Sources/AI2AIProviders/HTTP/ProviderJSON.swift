//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// JSON encoding of request bodies: sorted keys, so the same request always has the same bytes.
enum ProviderJSON {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

extension ToolCall {
    /// The arguments as a JSON object for providers that want an object (Anthropic, Ollama):
    /// the parsed value when it is an object, else the raw text parsed again, else `{}`.
    var argumentsObject: JSONValue {
        if case .object = arguments { return arguments }
        if let raw = rawArguments, let parsed = try? JSONValue(parsing: raw), case .object = parsed { return parsed }
        return .object([:])
    }

    /// The arguments as JSON text for providers that want a string (OpenAI).
    var argumentsText: String {
        if let raw = rawArguments, !raw.allSatisfy(\.isWhitespace), (try? JSONValue(parsing: raw)) != nil { return raw }
        if arguments == .null { return "{}" }
        return arguments.jsonString
    }
}

extension JSONValue {
    /// Whether the value counts as set, the way the official SDKs test an `error` member:
    /// not null, false, zero, or empty.
    var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .number(let value): value != 0
        case .integer(let value): value != 0
        case .bigInteger: true
        case .string(let value): !value.isEmpty
        case .array(let value): !value.isEmpty
        case .object(let value): !value.isEmpty
        }
    }
}
