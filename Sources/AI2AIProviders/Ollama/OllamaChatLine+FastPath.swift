//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension OllamaChatLine {
    /// Decodes the common shape of a streamed line without `JSONDecoder`, or returns `nil`.
    ///
    /// The shape: only the members `model`, `created_at`, `done: false` and `message`, whose
    /// members are `role`, `content`, `thinking` (strings; `content` may be null) or `images: null`.
    /// Anything else (the `done: true` line, tool calls, an error, an unknown member) returns
    /// `nil`, and the caller decodes with `JSONDecoder`; where both read a line, they give the
    /// same value.
    static func fastDecode(_ bytes: UnsafeBufferPointer<UInt8>) -> OllamaChatLine? {
        var scanner = JSONFastScanner(bytes)
        var line = OllamaChatLine()
        var seen: UInt32 = 0
        var first = true
        scanner.beginObject()
        while let key = scanner.nextKey(&first) {
            switch key {
            case "model":
                scanner.once(1 << 0, &seen)
                line.model = scanner.string()
            case "created_at":
                scanner.once(1 << 1, &seen)
                scanner.skipString()
            case "message":
                scanner.once(1 << 2, &seen)
                line.message = Message.fastDecode(&scanner)
            case "done":
                scanner.once(1 << 3, &seen)
                line.done = scanner.bool()
                // The last line carries the reason and the counts: left to the Codable path.
                if line.done == true { scanner.fail() }
            default:
                scanner.fail()
            }
        }
        scanner.end()
        return scanner.failed ? nil : line
    }
}

extension OllamaChatLine.Message {
    /// Reads a message of text (see ``OllamaChatLine/fastDecode(_:)``).
    static func fastDecode(_ scanner: inout JSONFastScanner) -> Self {
        var message = Self()
        var seen: UInt32 = 0
        var first = true
        scanner.beginObject()
        while let key = scanner.nextKey(&first) {
            switch key {
            case "content":
                scanner.once(1 << 0, &seen)
                message.content = scanner.nullableString()
            case "role":
                scanner.once(1 << 1, &seen)
                scanner.skipString()
            case "thinking":
                scanner.once(1 << 2, &seen)
                scanner.skipString()
            case "images":
                scanner.once(1 << 3, &seen)
                scanner.null()
            default:
                scanner.fail()
            }
        }
        return message
    }
}
