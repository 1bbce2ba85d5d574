//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation
public import NIOCore

/// Turns a provider's streamed body into ``ModelStreamEvent``s: bytes in, events out, no I/O.
///
/// Events produced before an error are kept in `events` when the method throws, so text that
/// arrived before a mid-stream error is still delivered.
public protocol ModelStreamDecoder: Sendable {
    /// Decodes the next chunk of the body (split anywhere).
    /// - Throws: ``ProviderError`` for an error event or a malformed payload.
    mutating func feed(_ bytes: ByteBuffer, into events: inout [ModelStreamEvent]) throws(ProviderError)

    /// Ends the body.
    /// - Throws: ``ProviderError`` of kind `.streamInterrupted` when the provider never said it
    ///   was done.
    mutating func finish(into events: inout [ModelStreamEvent]) throws(ProviderError)
}

/// A provider's parser of Server-Sent Events (OpenAI-compatible, Anthropic).
public protocol ServerSentEventParser: Sendable {
    /// Handles one event.
    /// - Throws: ``ProviderError`` for an error event or a malformed payload.
    mutating func consume(_ event: ServerSentEvent, into events: inout [ModelStreamEvent]) throws(ProviderError)
    /// Handles the end of the body.
    /// - Throws: ``ProviderError`` of kind `.streamInterrupted` when the stream was cut short.
    mutating func finish(into events: inout [ModelStreamEvent]) throws(ProviderError)
}

/// A provider's parser of JSON lines (Ollama).
public protocol JSONLineParser: Sendable {
    /// Handles one line (a JSON document).
    /// - Throws: ``ProviderError`` for an error line or a malformed payload.
    mutating func consume(line: Data, into events: inout [ModelStreamEvent]) throws(ProviderError)
    /// Handles the end of the body.
    /// - Throws: ``ProviderError`` of kind `.streamInterrupted` when the stream was cut short.
    mutating func finish(into events: inout [ModelStreamEvent]) throws(ProviderError)
}

/// A ``ModelStreamDecoder`` made of an ``SSEDecoder`` and a provider's event parser.
public struct SSEModelStreamDecoder<Parser: ServerSentEventParser>: ModelStreamDecoder {
    private var sse = SSEDecoder()
    /// The provider's parser.
    public private(set) var parser: Parser

    /// Creates a decoder.
    /// - Parameter parser: The provider's parser.
    public init(parser: Parser) { self.parser = parser }

    /// Decodes the next chunk of the body.
    public mutating func feed(_ bytes: ByteBuffer, into events: inout [ModelStreamEvent]) throws(ProviderError) {
        for event in sse.feed(bytes) {
            try parser.consume(event, into: &events)
        }
    }

    /// Ends the body.
    public mutating func finish(into events: inout [ModelStreamEvent]) throws(ProviderError) {
        for event in sse.finish() {
            try parser.consume(event, into: &events)
        }
        try parser.finish(into: &events)
    }
}

/// A ``ModelStreamDecoder`` made of an ``NDJSONDecoder`` and a provider's line parser.
public struct NDJSONModelStreamDecoder<Parser: JSONLineParser>: ModelStreamDecoder {
    private var lines = NDJSONDecoder()
    /// The provider's parser.
    public private(set) var parser: Parser

    /// Creates a decoder.
    /// - Parameter parser: The provider's parser.
    public init(parser: Parser) { self.parser = parser }

    /// Decodes the next chunk of the body.
    public mutating func feed(_ bytes: ByteBuffer, into events: inout [ModelStreamEvent]) throws(ProviderError) {
        for line in lines.feed(bytes) {
            try parser.consume(line: line, into: &events)
        }
    }

    /// Ends the body; a last line without a newline is still read.
    public mutating func finish(into events: inout [ModelStreamEvent]) throws(ProviderError) {
        for line in lines.finish() {
            try parser.consume(line: line, into: &events)
        }
        try parser.finish(into: &events)
    }
}
