//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// Small builders for the JSON Schemas (2020-12, as OpenAPI 3.1 uses) of ``OpenAPIDocument``.
enum OpenAPISchema {
    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let nullableString: JSONValue = ["type": ["string", "null"]]
    static let nullableDateTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]

    /// The characters Foundation's `CharacterSet.whitespaces` holds (what the server trims from
    /// model names), for a regular expression's character class.
    static let spaces = "\t \u{A0}\u{1680}\u{2000}-\u{200B}\u{202F}\u{205F}\u{3000}"
    /// `CharacterSet.whitespacesAndNewlines` (what the server trims from names and messages).
    static let spacesAndNewlines = spaces + "\n\u{0B}\u{0C}\r\u{85}\u{2028}\u{2029}"

    /// Text that holds something besides white space (as Foundation counts it).
    static let text: JSONValue = ["type": "string", "pattern": .string("[^\(spacesAndNewlines)]")]

    /// An agent's name: no white space at either end, no NUL character. (`(?![\s\S])` ends it
    /// rather than `$`, which some dialects let match before a final line break.)
    static let name: JSONValue = [
        "type": "string",
        "pattern": .string("^[^\\x00\(spacesAndNewlines)](?:[^\\x00]*[^\\x00\(spacesAndNewlines)])?(?![\\s\\S])"),
    ]

    /// Matches any of `words` in either case, as a regular expression (`[Oo][Pp]...|...`).
    static func anyCase(_ words: [String]) -> String {
        words.map { word in
            word.map { character in
                let lower = character.lowercased()
                let upper = character.uppercased()
                return lower == upper ? NSRegularExpression.escapedPattern(for: lower) : "[\(lower)\(upper)]"
            }.joined()
        }.joined(separator: "|")
    }

    /// Matches any text without a colon that is none of `words` (in either case), as a regular
    /// expression without lookahead, built from the words' trie: at each node, stop (unless a
    /// word ends there), take a character no word continues with, or follow a word.
    /// - Parameters:
    ///   - words: Lower-case ASCII words.
    ///   - excludingFirst: Characters the text may not start with (a character class's body).
    static func noneOf(_ words: [String], excludingFirst: String = "") -> String {
        func node(_ prefix: String, depth: Int) -> String {
            let continuing = words.filter { $0.count > prefix.count && $0.hasPrefix(prefix) }
            let next = Set(continuing.map { $0[$0.index($0.startIndex, offsetBy: prefix.count)] }).sorted()
            var alternatives: [String] = []
            if !words.contains(prefix) { alternatives.append("") }
            let excluded = next.map { "\($0)\($0.uppercased())" }.joined() + ":" + (depth == 0 ? excludingFirst : "")
            alternatives.append("[^\(excluded)][^:]*")
            for character in next {
                alternatives.append(
                    "[\(character)\(character.uppercased())]" + node(prefix + String(character), depth: depth + 1)
                )
            }
            return "(?:" + alternatives.joined(separator: "|") + ")"
        }
        return node("", depth: 0)
    }

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

    /// An object with exactly these properties, of which `required` are always present.
    static func object(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        [
            "type": "object",
            "properties": .object(properties),
            "required": .array(required.map(JSONValue.string)),
            "additionalProperties": false,
        ]
    }

    /// A string that holds JSON matching `schema` (a server-sent event's `data`).
    static func json(_ schema: JSONValue) -> JSONValue {
        ["type": "string", "contentMediaType": "application/json", "contentSchema": schema]
    }

    /// A request object: the `required` properties must be present; unknown properties are ignored.
    static func request(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map(JSONValue.string))]
    }
}
