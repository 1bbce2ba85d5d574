//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// Splits a feedback answer into its five named sections, all at once or as it streams in.
///
/// A line that starts a section holds the section's name, possibly decorated: `FEEDBACK_SUMMARY:`,
/// `## FEEDBACK_SUMMARY`, `**FEEDBACK_SUMMARY**`, `**FEEDBACK_SUMMARY:**`, `1. FEEDBACK_SUMMARY -`,
/// or the words spelled out (`**Feedback Summary:**`). Text after the name on the same line belongs
/// to the section. Text before the first marker is not part of any section.
///
/// ```swift
/// var parser = FeedbackParser()
/// for chunk in chunks { for update in parser.consume(chunk) { print(update.section, update.text) } }
/// let sections = parser.finish()
/// ```
public struct FeedbackParser: Sendable {
    /// Text added to a section by ``consume(_:)``.
    public struct Update: Sendable, Hashable {
        /// The section.
        public var section: FeedbackSection
        /// The text added, ending with a newline.
        public var text: String
    }

    private var buffer = ""
    private var current: FeedbackSection?
    /// The sections so far (untrimmed until ``finish()``).
    public private(set) var sections = FeedbackSections()

    /// Creates a parser.
    public init() {}

    /// Parses a whole answer.
    public static func parse(_ text: String) -> FeedbackSections {
        var parser = FeedbackParser()
        _ = parser.consume(text)
        return parser.finish()
    }

    /// Adds streamed text; complete lines are parsed, a partial last line waits for more.
    /// - Returns: The text each section gained, in order (consecutive lines of a section merged).
    public mutating func consume(_ chunk: String) -> [Update] {
        buffer += chunk
        var updates: [Update] = []
        while let newline = buffer.firstIndex(where: \.isNewline) {
            // A carriage return at the very end may be the first half of a CRLF split across chunks.
            if buffer[newline] == "\r", buffer.index(after: newline) == buffer.endIndex { break }
            let line = String(buffer[..<newline])
            buffer.removeSubrange(...newline)
            parse(line: line, into: &updates)
        }
        return updates
    }

    /// Parses the partial last line held back by ``consume(_:)``, as the answer has ended.
    /// - Returns: The text each section gained from it (for a last line without a newline).
    public mutating func flush() -> [Update] {
        var updates: [Update] = []
        guard !buffer.isEmpty else { return updates }
        let rest = buffer
        buffer = ""
        for line in rest.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            parse(line: String(line), into: &updates)
        }
        return updates
    }

    /// Parses what is left and returns the sections, trimmed.
    public mutating func finish() -> FeedbackSections {
        _ = flush()
        var result = FeedbackSections()
        for section in FeedbackSection.allCases {
            result[section] = sections[section].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return result
    }

    private mutating func parse(line: String, into updates: inout [Update]) {
        var added = line
        if let (section, rest) = Self.marker(in: line) {
            current = section
            added = rest
            if rest.isEmpty { return }
        }
        guard let current else { return }
        sections[current] += added + "\n"
        if let last = updates.last, last.section == current {
            updates[updates.count - 1].text += added + "\n"
        } else {
            updates.append(Update(section: current, text: added + "\n"))
        }
    }

    private static let decoration: Set<Character> = [" ", "\t", "#", "*", "_", ">", "-", "`"]

    /// The section a line starts, and the text after its marker.
    static func marker(in line: String) -> (FeedbackSection, String)? {
        var text = Substring(line).drop { decoration.contains($0) }
        // A list number: "1. " or "1) ".
        let digits = text.prefix { $0.isNumber }
        if !digits.isEmpty, let next = text.dropFirst(digits.count).first, next == "." || next == ")" {
            text = text.dropFirst(digits.count + 1).drop { decoration.contains($0) }
        }
        for section in FeedbackSection.allCases {
            let name = section.rawValue
            let spelled = name.replacingOccurrences(of: "_", with: " ")
            var rest: Substring
            if text.hasPrefix(name) {
                rest = text.dropFirst(name.count)
            } else if text.prefix(spelled.count).caseInsensitiveCompare(spelled) == .orderedSame
                || text.prefix(name.count).caseInsensitiveCompare(name) == .orderedSame
            {
                rest = text.dropFirst(spelled.count)
                // Spelled-out or lower-case names need a colon, or nothing else on the line, to count.
                let tail = rest.drop { $0 == "*" || $0 == "_" || $0 == " " || $0 == "`" }
                guard tail.isEmpty || tail.first == ":" else { continue }
            } else {
                continue
            }
            guard rest.first.map({ !$0.isLetter && !$0.isNumber }) ?? true else { continue }
            rest = rest.drop { decoration.contains($0) || $0 == ":" }
            rest = rest.drop { decoration.contains($0) }
            return (section, String(rest).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
