//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI

/// Checks JSON values against the schemas of an OpenAPI 3.1 document: `$ref`, `type` (one or a
/// list), `properties`, `required`, `additionalProperties: false`, `items`, `enum`, `oneOf`,
/// `minimum` and `maximum`. Enough for the document the server serves.
struct SchemaValidator {
    let document: JSONValue

    /// The problems found, each naming where; empty when the value matches.
    func problems(_ value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        if let reference = schema["$ref"]?.stringValue {
            guard let resolved = resolve(reference) else { return ["\(path): unresolved \(reference)"] }
            return problems(value, against: resolved, at: path)
        }
        if let options = schema["oneOf"]?.arrayValue {
            let matching = options.filter { problems(value, against: $0, at: path).isEmpty }
            return matching.count == 1 ? [] : ["\(path): matches \(matching.count) of the oneOf schemas"]
        }
        var found: [String] = []
        if let types = Self.types(schema), !types.contains(where: { Self.value(value, is: $0) }) {
            return ["\(path): \(value.jsonString) is not \(types.joined(separator: " or "))"]
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            found.append("\(path): \(value.jsonString) is not one of \(JSONValue.array(allowed).jsonString)")
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
        if let array = value.arrayValue, let items = schema["items"] {
            for (index, element) in array.enumerated() {
                found += problems(element, against: items, at: "\(path)[\(index)]")
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
