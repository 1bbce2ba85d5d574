//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import Foundation

/// Reads `--tools FILE`: a JSON array of OpenAI-style tools
/// (`{"type": "function", "function": {"name", "description", "parameters"}}`) or plain
/// `{"name", "description", "parameters"}` objects (`input_schema` is accepted for `parameters`).
enum ToolsFile {
    static func load(_ path: String) throws -> [ToolSpec] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ProviderError(.configuration, message: "Cannot read the tools file \(path)")
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: data)
        } catch {
            throw ProviderError(.configuration, message: "The tools file \(path) is not JSON")
        }
        let items = json.arrayValue ?? json["tools"]?.arrayValue
        guard let items else {
            throw ProviderError(.configuration, message: "The tools file \(path) must hold a JSON array of tools")
        }
        return try items.enumerated().map { offset, item in
            let tool = item["function"] ?? item
            guard let name = tool["name"]?.stringValue, !name.isEmpty else {
                throw ProviderError(.configuration, message: "Tool \(offset) in \(path) has no name")
            }
            return ToolSpec(
                name: name,
                description: tool["description"]?.stringValue ?? "",
                parameters: tool["parameters"] ?? tool["input_schema"] ?? ["type": "object", "properties": [:]]
            )
        }
    }
}
