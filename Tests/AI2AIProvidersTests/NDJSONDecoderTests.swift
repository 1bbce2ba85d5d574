//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import Foundation
import Testing

@Suite("NDJSON decoder")
struct NDJSONDecoderTests {
    private func decode(_ text: String, split: Split) -> [String] {
        var decoder = NDJSONDecoder()
        var lines: [Data] = []
        for piece in split.pieces(of: Array(text.utf8)) { lines += decoder.feed(piece) }
        lines += decoder.finish()
        return lines.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("whole lines, LF or CRLF, blank lines skipped", arguments: Split.allCases)
    func lines(_ split: Split) {
        #expect(
            decode("{\"a\":1}\n\n{\"b\":2}\r\n  \r\n{\"c\":3}\n", split: split) == [
                "{\"a\":1}", "{\"b\":2}", "{\"c\":3}",
            ]
        )
    }

    @Test("a last line without a newline is returned at the end", arguments: Split.allCases)
    func lastLine(_ split: Split) {
        #expect(decode("{\"a\":1}\n{\"done\":true}", split: split) == ["{\"a\":1}", "{\"done\":true}"])
    }

    @Test("only whole lines are returned before the end")
    func partialLinesWait() {
        var decoder = NDJSONDecoder()
        #expect(decoder.feed(Array("{\"a\":".utf8)).isEmpty)
        #expect(decoder.feed(Array("1}\n{".utf8)).map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}"])
    }

    @Test("multi-byte characters split anywhere survive", arguments: Split.allCases)
    func multibyte(_ split: Split) {
        let line = #"{"message":{"content":"日本語 🙂 ünïcödé"}}"#
        #expect(decode(line + "\n" + line + "\n", split: split) == [line, line])
    }
}
