//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// Checks JSON values against the schemas of an OpenAPI 3.1 document: `$ref`, `type` (one or a
/// list), `properties`, `required`, `additionalProperties: false`, `items`, `enum`, `const`,
/// `oneOf`, `anyOf`, `allOf`, `not`, `if`/`then`, `minimum`, `maximum`, `minItems`, `maxItems`, `pattern`, and
/// `contentSchema` for strings of `contentMediaType: application/json`. Enough for the document
/// the server serves.
struct SchemaValidator {
    let document: JSONValue

    /// The problems found, each naming where; empty when the value matches.
    func problems(_ value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        if let reference = schema["$ref"]?.stringValue {
            guard let resolved = resolve(reference) else { return ["\(path): unresolved \(reference)"] }
            return problems(value, against: resolved, at: path)
        }
        var found: [String] = []
        if let options = schema["oneOf"]?.arrayValue {
            let matching = options.filter { problems(value, against: $0, at: path).isEmpty }
            if matching.count != 1 { found.append("\(path): matches \(matching.count) of the oneOf schemas") }
        }
        if let options = schema["anyOf"]?.arrayValue,
            !options.contains(where: { problems(value, against: $0, at: path).isEmpty })
        {
            found.append("\(path): matches none of the anyOf schemas")
        }
        if let excluded = schema["not"], problems(value, against: excluded, at: path).isEmpty {
            found.append("\(path): matches the schema of `not`")
        }
        for part in schema["allOf"]?.arrayValue ?? [] {
            found += problems(value, against: part, at: path)
        }
        if let condition = schema["if"], let consequence = schema["then"],
            problems(value, against: condition, at: path).isEmpty
        {
            found += problems(value, against: consequence, at: path)
        }
        if let types = Self.types(schema), !types.contains(where: { Self.value(value, is: $0) }) {
            return ["\(path): \(value.jsonString) is not \(types.joined(separator: " or "))"]
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            found.append("\(path): \(value.jsonString) is not one of \(JSONValue.array(allowed).jsonString)")
        }
        if let constant = schema["const"], constant != value {
            found.append("\(path): \(value.jsonString) is not \(constant.jsonString)")
        }
        if case .string(let text) = value {
            if let pattern = schema["pattern"]?.stringValue, text.range(of: pattern, options: .regularExpression) == nil
            {
                found.append("\(path): \(value.jsonString) does not match \(pattern)")
            }
            if schema["contentMediaType"] == "application/json", let content = schema["contentSchema"] {
                if let parsed = try? JSONValue(parsing: text) {
                    found += problems(parsed, against: content, at: "\(path)<json>")
                } else {
                    found.append("\(path): not JSON: \(text.prefix(80))")
                }
            }
        }
        if let number = value.doubleValue {
            if let bound = schema["minimum"]?.doubleValue, number < bound {
                found.append("\(path): below \(bound)")
            }
            if let bound = schema["maximum"]?.doubleValue, number > bound {
                found.append("\(path): above \(bound)")
            }
        }
        if let object = value.objectValue {
            let properties = schema["properties"]?.objectValue ?? [:]
            for key in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[key] == nil {
                found.append("\(path): missing \(key)")
            }
            for (key, member) in object {
                if let propertySchema = properties[key] {
                    found += problems(member, against: propertySchema, at: "\(path).\(key)")
                } else if schema["additionalProperties"] == .bool(false) {
                    found.append("\(path): unexpected \(key)")
                }
            }
        }
        if let array = value.arrayValue {
            for (index, element) in array.enumerated() {
                if let items = schema["items"] { found += problems(element, against: items, at: "\(path)[\(index)]") }
            }
            if let bound = schema["minItems"]?.doubleValue, Double(array.count) < bound {
                found.append("\(path): fewer than \(Int(bound)) items")
            }
            if let bound = schema["maxItems"]?.doubleValue, Double(array.count) > bound {
                found.append("\(path): more than \(Int(bound)) items")
            }
        }
        return found
    }

    /// The schema the document gives for a JSON answer.
    func responseSchema(path: String, method: String, status: Int) -> JSONValue? {
        document["paths"]?[path]?[method]?["responses"]?["\(status)"]?["content"]?["application/json"]?["schema"]
    }

    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    private static func types(_ schema: JSONValue) -> [String]? {
        switch schema["type"] {
        case .string(let type)?: [type]
        case .array(let types)?: types.compactMap(\.stringValue)
        default: nil
        }
    }

    private static func value(_ value: JSONValue, is type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("number", .number), ("number", .integer), ("number", .bigInteger): true
        case ("integer", .integer), ("integer", .bigInteger): true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }
}
