//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import Testing

@Suite("SSE decoder")
struct SSEDecoderTests {
    /// Decodes text fed in the given split, then ends the stream.
    private func decode(_ text: String, split: Split = .whole) -> [ServerSentEvent] {
        decode(Array(text.utf8), split: split)
    }

    private func decode(_ bytes: [UInt8], split: Split = .whole) -> [ServerSentEvent] {
        var decoder = SSEDecoder()
        var events: [ServerSentEvent] = []
        for piece in split.pieces(of: bytes) { events += decoder.feed(piece) }
        events += decoder.finish()
        return events
    }

    @Test("LF, CR and CRLF line ends", arguments: ["\n", "\r", "\r\n"], Split.allCases)
    func lineEnds(_ newline: String, split: Split) {
        let text = ["event: a", "data: one", "", "data: two", "", ""].joined(separator: newline)
        #expect(decode(text, split: split) == [ServerSentEvent(event: "a", data: "one"), ServerSentEvent(data: "two")])
    }

    @Test("a CR at the end of a chunk followed by LF in the next is one line end")
    func crThenLFAcrossChunks() {
        var decoder = SSEDecoder()
        var events = decoder.feed(Array("data: x\r".utf8))
        events += decoder.feed(Array("\n\r".utf8))
        events += decoder.feed(Array("\ndata: y\r\n\r\n".utf8))
        #expect(events == [ServerSentEvent(data: "x"), ServerSentEvent(data: "y")])
    }

    @Test("comment lines are skipped and counted")
    func comments() {
        var decoder = SSEDecoder()
        let events = decoder.feed(Array(": OPENROUTER PROCESSING\n\n:\ndata: {}\n\n".utf8))
        #expect(events == [ServerSentEvent(data: "{}")])
        #expect(decoder.commentCount == 2)
    }

    @Test("data lines of one event are joined with LF")
    func multiLineData() {
        #expect(decode("data: {\"a\":\ndata:  1}\ndata\n\n") == [ServerSentEvent(data: "{\"a\":\n 1}\n")])
    }

    @Test("only one space after the colon is dropped; no colon means an empty value")
    func fieldValues() {
        #expect(decode("data:x\n\n") == [ServerSentEvent(data: "x")])
        #expect(decode("data:  x\n\n") == [ServerSentEvent(data: " x")])
        #expect(decode("data\n\n") == [ServerSentEvent(data: "")])
    }

    @Test("the event name resets after each dispatch; an empty name is message")
    func eventNames() {
        let events = decode("event: ping\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\n")
        #expect(events.map(\.event) == ["ping", "message", "message"])
    }

    @Test("a blank line without data dispatches nothing")
    func noDataNoEvent() {
        #expect(decode("event: ping\n\n\n\n").isEmpty)
    }

    @Test("a leading byte-order mark is skipped", arguments: Split.allCases)
    func byteOrderMark(_ split: Split) {
        #expect(decode([0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8), split: split) == [ServerSentEvent(data: "x")])
        // Only at the very start: later it is part of the value.
        #expect(
            decode(Array("data: x\n\ndata: ".utf8) + [0xEF, 0xBB, 0xBF] + Array("y\n\n".utf8)).last?.data == "\u{FEFF}y"
        )
    }

    @Test("id and retry fields are read safely and never dispatch")
    func idAndRetry() {
        var decoder = SSEDecoder()
        let events = decoder.feed(Array("id: 7\nretry: 1500\nretry: soon\ndata: a\n\nid: bad\u{0}id\ndata: b\n\n".utf8))
        #expect(events == [ServerSentEvent(data: "a", id: "7"), ServerSentEvent(data: "b", id: "7")])
        #expect(decoder.retry == 1500)
    }

    @Test("unknown fields are ignored")
    func unknownFields() {
        #expect(decode("foo: bar\ndata: x\n\n") == [ServerSentEvent(data: "x")])
    }

    @Test("an event without a final blank line is discarded at the end")
    func trailingEventDiscarded() {
        #expect(decode("data: a\n\ndata: b\n") == [ServerSentEvent(data: "a")])
    }

    @Test("multi-byte characters split anywhere survive", arguments: Split.allCases)
    func multibyte(_ split: Split) {
        let text = "héllo 世界 🙂🇫🇷 Ωmega"
        #expect(decode("data: \(text)\r\n\r\n", split: split) == [ServerSentEvent(data: text)])
    }
}
