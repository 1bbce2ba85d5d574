//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// The indented JSON the commands print with `--json`.
enum JSONText {
    /// `value` as indented JSON, with empty arrays and objects written `[]` and `{}`.
    ///
    /// Foundation's pretty printer puts a blank line inside an empty array or object. A JSON string
    /// never holds a raw line break, so a bracket followed by a line break and only white space up
    /// to its closing bracket is always an empty container.
    static func pretty(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder.ai2ai
        encoder.outputFormatting.insert(.prettyPrinted)
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        return text.replacingOccurrences(of: #"\[\n\s*\]"#, with: "[]", options: .regularExpression)
            .replacingOccurrences(of: #"\{\n\s*\}"#, with: "{}", options: .regularExpression)
    }
}
