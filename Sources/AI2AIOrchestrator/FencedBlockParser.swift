//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation

/// Finds action blocks in a model's answer, in the format of the original ai2ai-feedback system:
///
/// ````
/// ```delegate
/// {"task": {"title": "Research", "description": "Find sources"}, "delegate_to": "Researcher"}
/// ```
/// ````
///
/// A block opens with three backticks and a known tag (`complete`, `delegate`, `context`, or a
/// tool name such as `post_update`; see ``AgentAction/parse(name:arguments:)``) and closes with
/// three backticks; the closing fence may end the last JSON line, and a block may sit on one line.
/// Fences with other tags (` ```python `) are skipped whole. The parser is a pure value type.
public struct FencedBlockParser: Sendable {
    /// One action block found in the text.
    public struct Block: Sendable, Hashable {
        /// The tag after the opening fence, as written.
        public var tag: String
        /// The text between the fences, trimmed.
        public var body: String
        /// The action, or why the block could not be read.
        public var action: Result<AgentAction, ActionError>
    }

    /// Creates a parser.
    public init() {}

    /// Returns the action blocks of `text`, in order.
    public func blocks(in text: String) -> [Block] {
        var blocks: [Block] = []
        var open: (tag: String, isAction: Bool, lines: [Substring])?
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if var current = open {
                if trimmed.hasPrefix("```") {
                    open = nil
                    if current.isAction { blocks.append(block(current.tag, current.lines)) }
                } else if current.isAction, line.trimmingCharacters(in: .whitespaces).hasSuffix("```"),
                    let end = line.range(of: "```", options: .backwards)
                {
                    current.lines.append(line[..<end.lowerBound])
                    open = nil
                    if current.isAction { blocks.append(block(current.tag, current.lines)) }
                } else {
                    current.lines.append(line)
                    open = current
                }
                continue
            }
            guard trimmed.hasPrefix("```") else { continue }
            let afterFence = trimmed.dropFirst(3)
            let tag = afterFence.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            var rest = afterFence.dropFirst(tag.count)
            let isAction = AgentAction.kinds[tag.lowercased()] != nil
            if let end = rest.range(of: "```") {
                rest = rest[..<end.lowerBound]
                if isAction { blocks.append(block(String(tag), [rest])) }
                continue
            }
            open = (String(tag), isAction, rest.allSatisfy(\.isWhitespace) ? [] : [rest])
        }
        if let current = open, current.isAction {
            blocks.append(block(current.tag, current.lines))
        }
        return blocks
    }

    private func block(_ tag: String, _ lines: [Substring]) -> Block {
        let body = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let action: Result<AgentAction, ActionError>
        if body.isEmpty {
            action = .failure(ActionError("The ```\(tag) block is empty; it needs a JSON object."))
        } else if let json = try? JSONValue(parsing: body) {
            action = AgentAction.parse(name: tag, arguments: json).mapError {
                ActionError("The ```\(tag) block was not applied: \($0.message)")
            }
        } else {
            action = .failure(ActionError("The ```\(tag) block does not hold valid JSON, so it was not applied."))
        }
        return Block(tag: tag, body: body, action: action)
    }
}
