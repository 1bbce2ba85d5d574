//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension AnthropicStreamEvent {
    /// Decodes the common shape of a `content_block_delta` payload without `JSONDecoder`, or
    /// returns `nil`.
    ///
    /// The shape: only the members `type`, `index` (an unsigned integer) and `delta`, whose members
    /// are `type`, `text`, `partial_json`, `thinking` or `signature` (all strings). Anything else
    /// (citations, usage, a message, an error, an unknown member) returns `nil`, and the caller
    /// decodes with `JSONDecoder`; where both read a text, they give the same payload.
    /// - Parameters:
    ///   - bytes: The event's data.
    ///   - isValidUTF8: `true` when `bytes` are the UTF-8 view of a `String`.
    static func fastDecode(_ bytes: UnsafeBufferPointer<UInt8>, isValidUTF8: Bool = false) -> AnthropicStreamEvent? {
        var scanner = JSONFastScanner(bytes, isValidUTF8: isValidUTF8)
        var payload = AnthropicStreamEvent()
        var seen: UInt32 = 0
        var first = true
        scanner.beginObject()
        while let key = scanner.nextKey(&first) {
            switch key {
            case "type":
                scanner.once(1 << 0, &seen)
                payload.type = scanner.string()
            case "index":
                scanner.once(1 << 1, &seen)
                payload.index = scanner.unsignedInteger()
            case "delta":
                scanner.once(1 << 2, &seen)
                payload.delta = Delta.fastDecode(&scanner)
            default:
                scanner.fail()
            }
        }
        scanner.end()
        return scanner.failed ? nil : payload
    }
}

extension AnthropicStreamEvent.Delta {
    /// Reads a text, JSON or thinking delta (see ``AnthropicStreamEvent/fastDecode(_:isValidUTF8:)``).
    static func fastDecode(_ scanner: inout JSONFastScanner) -> Self {
        var delta = Self()
        var seen: UInt32 = 0
        var first = true
        scanner.beginObject()
        while let key = scanner.nextKey(&first) {
            switch key {
            case "type":
                scanner.once(1 << 0, &seen)
                delta.type = scanner.string()
            case "text":
                scanner.once(1 << 1, &seen)
                delta.text = scanner.string()
            case "partial_json":
                scanner.once(1 << 2, &seen)
                delta.partialJSON = scanner.string()
            case "thinking":
                scanner.once(1 << 3, &seen)
                scanner.skipString()
            case "signature":
                scanner.once(1 << 4, &seen)
                scanner.skipString()
            default:
                scanner.fail()
            }
        }
        return delta
    }
}
