//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI

/// Small builders for the JSON Schemas (2020-12, as OpenAPI 3.1 uses) of ``OpenAPIDocument``.
enum OpenAPISchema {
    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let nullableString: JSONValue = ["type": ["string", "null"]]
    static let nullableDateTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]

    /// A string with a description.
    static func string(_ description: String) -> JSONValue {
        ["type": "string", "description": .string(description)]
    }

    /// One of fixed strings.
    static func enumeration(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    /// An array of `items`.
    static func array(_ items: JSONValue) -> JSONValue {
        ["type": "array", "items": items]
    }

    /// A reference to a schema of `components.schemas`.
    static func ref(_ name: String) -> JSONValue {
        ["$ref": .string("#/components/schemas/\(name)")]
    }

    /// A response object: every property is required (optional values are `null`) and no other
    /// property appears.
    static func response(_ properties: [String: JSONValue]) -> JSONValue {
        [
            "type": "object",
            "properties": .object(properties),
            "required": .array(properties.keys.sorted().map(JSONValue.string)),
            "additionalProperties": false,
        ]
    }

    /// A request object: the `required` properties must be present; unknown properties are ignored.
    static func request(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map(JSONValue.string))]
    }
}
