//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

extension String {
    /// The text without leading and trailing whitespace and newlines.
    ///
    /// Stream events almost never have any, so the ends are checked first: in that case the text is
    /// returned as it is, without the scan and copy of `trimmingCharacters(in:)`, which was more than
    /// half of the OpenAI stream parser's instructions (Documentation/Performance.md).
    var trimmedForParsing: String {
        // Printable ASCII at both ends (JSON's `{` and `}`): no whitespace, no Unicode lookup.
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return self
        }
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        guard first.properties.isWhitespace || last.properties.isWhitespace else { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
