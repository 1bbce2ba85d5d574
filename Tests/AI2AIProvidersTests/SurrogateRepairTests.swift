//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation
import Testing

@testable import AI2AIProviders

/// The pre-pass that makes events with unpaired surrogate escapes decodable, and the joiner.
@Suite("Surrogate repair")
struct SurrogateRepairTests {
    private func repair(_ text: String) -> (text: String, repair: SurrogateRepair?) {
        var data = Data(text.utf8)
        let repair = SurrogateRepair.repair(&data)
        return (String(decoding: data, as: UTF8.self), repair)
    }

    @Test("the quick test finds every escape of a surrogate, in either case, and nothing else")
    func quickTest() {
        func check(_ text: String) -> Bool {
            Data(text.utf8).withUnsafeBytes { SurrogateRepair.mayContainSurrogateEscape($0) }
        }
        #expect(check(#""\ud800""#))
        #expect(check(#""\uDFFF""#))
        #expect(check(#""\uDb00""#))
        #expect(check(#"\\ud83d"#))  // an escaped backslash: a false alarm, handled by the full walk
        #expect(!check(#""\ud7ff\ue000\u00e9 ud83d""#))
        #expect(!check(#"\ud8"#))
        #expect(!check(""))
    }

    @Test("text without surrogate escapes is not touched")
    func untouched() {
        let (text, repair) = repair(#"{"a":"\u00e9\n","b":[1,2]}"#)
        #expect(repair == nil)
        #expect(text == #"{"a":"\u00e9\n","b":[1,2]}"#)
    }

    @Test("pairs stay; unpaired halves become \\ufffd; edge halves are found by path")
    func paths() {
        let (text, repair) = repair(
            #"{"choices":[{"x":1},{"delta":{"content":"a\ud83d","refusal":"\uDE42b\ud83d\ude42"}}],"k\\ud83d":"\ud800x\udc00"}"#
        )
        #expect(
            text
                == #"{"choices":[{"x":1},{"delta":{"content":"a\ufffd","refusal":"\ufffdb\ud83d\ude42"}}],"k\\ud83d":"\ufffdx\ufffd"}"#
        )
        let content: [SurrogateRepair.PathComponent] = [.key("choices"), .index(1), .key("delta"), .key("content")]
        let refusal: [SurrogateRepair.PathComponent] = [.key("choices"), .index(1), .key("delta"), .key("refusal")]
        #expect(repair?.edges(at: content) == SurrogateRepair.Edges(leadingLow: nil, trailingHigh: 0xD83D))
        #expect(repair?.edges(at: refusal) == SurrogateRepair.Edges(leadingLow: 0xDE42, trailingHigh: nil))
        // An unpaired half inside a string, not at an edge, is just U+FFFD.
        #expect(repair?.edges(at: [.key(#"k\ud83d"#)]) == nil)
    }

    @Test("a key with an unpaired half names the path as JSONDecoder decodes it")
    func keys() throws {
        let (text, repair) = repair(#"{"a\udc00":{"t":"x\ud800"}}"#)
        #expect(text == #"{"a\ufffd":{"t":"x\ufffd"}}"#)
        #expect(repair?.edges(at: [.key("a\u{FFFD}"), .key("t")])?.trailingHigh == 0xD800)
    }

    @Test("malformed text is left for the decoder to reject")
    func malformed() {
        for text in [#"{"a":"\ud83d"#, #"{"a":"\ud8"}"#, #"]]"\ud83d""#, #"{"a":"\"#] {
            _ = repair(text)  // no trap, whatever it returns
        }
    }

    @Test("the joiner holds a trailing high half and joins it with a leading low half")
    func joiner() {
        var joiner = SurrogateJoiner()
        #expect(joiner.join("a\u{FFFD}", edges: .init(trailingHigh: 0xD83D)) == "a")
        #expect(joiner.join("", edges: nil) == "")
        #expect(joiner.join("\u{FFFD}b", edges: .init(leadingLow: 0xDE42)) == "🙂b")
        #expect(joiner.flush() == "")
        #expect(joiner.join("\u{FFFD}", edges: .init(trailingHigh: 0xD83D)) == "")
        #expect(joiner.join("c", edges: nil) == "\u{FFFD}c")
        #expect(joiner.join("\u{FFFD}", edges: .init(trailingHigh: 0xD800)) == "")
        #expect(joiner.flush() == "\u{FFFD}")
        #expect(joiner.join("\u{FFFD}x", edges: nil) == "\u{FFFD}x")  // a real U+FFFD is text
    }
}
