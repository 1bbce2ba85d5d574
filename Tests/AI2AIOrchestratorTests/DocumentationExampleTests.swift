//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation
import Testing

/// The embedding examples of the README and the DocC Getting Started article are compiled as
/// `ReadmeExample.swift` and `GettingStartedExample.swift`; these tests fail when a document's
/// code and its compiled copy differ (layout, comments and trailing commas aside).
@Suite struct DocumentationExampleTests {
    /// The package root (this file is Tests/AI2AIOrchestratorTests/DocumentationExampleTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: [
        ("README.md", "Tests/AI2AIOrchestratorTests/ReadmeExample.swift"),
        ("Sources/AI2AI/AI2AI.docc/GettingStarted.md", "Tests/AI2AIOrchestratorTests/GettingStartedExample.swift"),
    ])
    func theDocumentShowsTheCompiledCode(document: String, example: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent(document), encoding: .utf8)
        let compiled = Self.normalized(
            try String(contentsOf: Self.root.appendingPathComponent(example), encoding: .utf8)
        )
        let blocks = Self.swiftBlocks(in: text)
        #expect(!blocks.isEmpty, "\(document) has Swift code blocks")
        for block in blocks {
            let code = Self.normalized(block)
            #expect(compiled.contains(code), "\(document)'s block is not in \(example):\n\(block)")
        }
    }

    /// The fenced ```swift blocks of a Markdown text.
    static func swiftBlocks(in text: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.hasPrefix("```swift") {
                current = []
            } else if current != nil, line.hasPrefix("```") {
                blocks.append(current?.joined(separator: "\n") ?? "")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// Code without imports, comments (`//` after a space or at a line's start), white space and
    /// trailing commas, so that formatting does not count.
    static func normalized(_ code: String) -> String {
        var lines: [String] = []
        for line in code.split(separator: "\n") {
            var line = String(line)
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("import ") { continue }
            if let comment = line.range(of: "//"),
                comment.lowerBound == line.startIndex || line[line.index(before: comment.lowerBound)] == " "
            {
                line = String(line[..<comment.lowerBound])
            }
            lines.append(line)
        }
        let compact = lines.joined().filter { !$0.isWhitespace }
        return compact.replacingOccurrences(of: ",)", with: ")").replacingOccurrences(of: ",]", with: "]")
    }
}
