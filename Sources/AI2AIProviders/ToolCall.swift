//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// A model's request to run a tool.
public struct ToolCall: Sendable, Hashable, Codable {
    /// The provider's identifier for the call (Ollama gives none).
    public var id: String?
    /// The tool's name.
    public var name: String
    /// The arguments, parsed. An empty argument string becomes `{}`; arguments that are not valid
    /// JSON (for example cut off by a length stop) become `.null`, with the text in rawArguments.
    public var arguments: JSONValue
    /// The arguments exactly as the model wrote them, when they came as text.
    public var rawArguments: String?

    /// Creates a tool call.
    public init(id: String?, name: String, arguments: JSONValue, rawArguments: String? = nil) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.rawArguments = rawArguments
    }

    /// Creates a tool call from argument text the way providers send it: empty text is `{}`,
    /// invalid JSON is `.null` (the text is kept in rawArguments).
    public init(id: String?, name: String, argumentText: String) {
        self.id = id
        self.name = name
        self.rawArguments = argumentText
        if argumentText.allSatisfy(\.isWhitespace) {
            self.arguments = .object([:])
        } else {
            self.arguments = (try? JSONValue(parsing: argumentText)) ?? .null
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, name, arguments
        case rawArguments = "raw_arguments"
    }
}

/// A tool a model may call.
public struct ToolSpec: Sendable, Hashable, Codable {
    /// The tool's name (letters, digits, `_` and `-`).
    public var name: String
    /// What the tool does, for the model.
    public var description: String
    /// A JSON Schema of the arguments object.
    public var parameters: JSONValue

    /// Creates a tool.
    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// Whether and which tools the model must call.
public enum ToolChoice: Sendable, Hashable {
    /// The model decides.
    case auto
    /// The model must not call tools.
    case none
    /// The model must call some tool.
    case required
    /// The model must call this tool.
    case tool(String)
}
