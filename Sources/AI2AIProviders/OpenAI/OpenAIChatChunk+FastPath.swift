//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

extension OpenAIChatChunk {
    /// Creates a chunk from its fields.
    init(
        id: String? = nil,
        model: String? = nil,
        choices: [Choice]? = nil,
        usage: OpenAIUsage? = nil,
        error: JSONValue? = nil
    ) {
        self.id = id
        self.model = model
        self.choices = choices
        self.usage = usage
        self.error = error
    }

    /// Decodes the common shape of a streamed chunk without `JSONDecoder`, or returns `nil`.
    ///
    /// The shape: the members `id`, `object`, `created`, `model`, `system_fingerprint`,
    /// `service_tier`, `obfuscation`, `provider` (OpenRouter), `usage: null`, and `choices` with
    /// one choice of `index` 0 whose `delta` has only `role`, `content`, `refusal`, `reasoning`
    /// or `reasoning_content` (strings or null), beside `logprobs: null`, `finish_reason` and
    /// `native_finish_reason`. Anything else (tool calls, usage, an error, several choices, an
    /// unknown member) returns `nil`, and the caller decodes with `JSONDecoder`; where both read
    /// a text, they give the same chunk.
    /// - Parameters:
    ///   - bytes: The event's data.
    ///   - isValidUTF8: `true` when `bytes` are the UTF-8 view of a `String`.
    ///   - readsIdentity: `false` when the caller no longer needs `id` and `model` (the stream's
    ///     metadata was sent): they are checked but left `nil`, which saves two strings per chunk.
    static func fastDecode(
        _ bytes: UnsafeBufferPointer<UInt8>,
        isValidUTF8: Bool = false,
        readsIdentity: Bool = true
    ) -> OpenAIChatChunk? {
        var scanner = JSONFastScanner(bytes, isValidUTF8: isValidUTF8)
        var chunk = OpenAIChatChunk()
        var seen: UInt32 = 0
        var first = true
        scanner.beginObject()
        while let key = scanner.nextKey(&first) {
            switch key {
            case "id":
                scanner.once(1 << 0, &seen)
                if readsIdentity { chunk.id = scanner.nullableString() } else { scanner.skipNullableString() }
            case "model":
                scanner.once(1 << 1, &seen)
                if readsIdentity { chunk.model = scanner.nullableString() } else { scanner.skipNullableString() }
            case "choices":
                scanner.once(1 << 2, &seen)
                scanner.beginArray()
                chunk.choices = [Choice.fastDecode(&scanner)]
                scanner.endSingleElementArray()
            case "usage":
                scanner.once(1 << 3, &seen)
                scanner.null()
            case "created":
                scanner.once(1 << 4, &seen)
                _ = scanner.unsignedInteger()
            case "object":
                scanner.once(1 << 5, &seen)
                scanner.skipNullableString()
            case "system_fingerprint":
                scanner.once(1 << 6, &seen)
                scanner.skipNullableString()
            case "service_tier":
                scanner.once(1 << 7, &seen)
                scanner.skipNullableString()
            case "obfuscation":
                scanner.once(1 << 8, &seen)
                scanner.skipNullableString()
            case "provider":
                scanner.once(1 << 9, &seen)
                scanner.skipNullableString()
            default:
                scanner.fail()
            }
        }
        scanner.end()
        return scanner.failed ? nil : chunk
    }
}

extension OpenAIChatChunk.Choice {
    /// Reads a choice of index 0 with a `delta` of text (see ``OpenAIChatChunk/fastDecode(_:isValidUTF8:readsIdentity:)``).
    static func fastDecode(_ scanner: inout JSONFastScanner) -> Self {
        var choice = Self()
        var seen: UInt32 = 0
        var first = true
        scanner.beginObject()
        while let key = scanner.nextKey(&first) {
            switch key {
            case "index":
                scanner.once(1 << 0, &seen)
                // Other choices of an `n > 1` request are left to the Codable path.
                choice.index = scanner.unsignedInteger()
                if choice.index != 0 { scanner.fail() }
            case "delta":
                scanner.once(1 << 1, &seen)
                choice.delta = OpenAIChatChunk.Message.fastDecode(&scanner)
            case "finish_reason":
                scanner.once(1 << 2, &seen)
                choice.finishReason = scanner.nullableString()
            case "logprobs":
                scanner.once(1 << 3, &seen)
                scanner.null()
            case "native_finish_reason":
                scanner.once(1 << 4, &seen)
                scanner.skipNullableString()
            default:
                scanner.fail()
            }
        }
        return choice
    }
}

extension OpenAIChatChunk.Message {
    /// Creates a message from its fields.
    init(content: String? = nil, refusal: String? = nil, toolCalls: [OpenAIChatChunk.ToolCall]? = nil) {
        self.content = content
        self.refusal = refusal
        self.toolCalls = toolCalls
    }

    /// Reads a `delta` of text (see ``OpenAIChatChunk/fastDecode(_:isValidUTF8:readsIdentity:)``).
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
                scanner.skipNullableString()
            case "refusal":
                scanner.once(1 << 2, &seen)
                message.refusal = scanner.nullableString()
            case "reasoning":
                scanner.once(1 << 3, &seen)
                scanner.skipNullableString()
            case "reasoning_content":
                scanner.once(1 << 4, &seen)
                scanner.skipNullableString()
            default:
                scanner.fail()
            }
        }
        return message
    }
}
