//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import NIOCore

/// Section 2: throughput of the byte-level decoders and of each provider's stream parser, fed a
/// large body in 16 KiB chunks (as a network read would give it).
struct DecodeBench {
    var runs: Int
    var largeMiB: Int

    /// What is decoded.
    enum Decoder: String, CaseIterable, Sendable {
        case sse = "SSEDecoder"
        case ndjson = "NDJSONDecoder"
        case openAI = "OpenAIStreamParser"
        case anthropic = "AnthropicStreamParser"
        case ollama = "OllamaStreamParser"

        /// The body it reads.
        var wire: StreamBodies.Wire {
            switch self {
            case .sse, .openAI: .openAI
            case .anthropic: .anthropic
            case .ndjson, .ollama: .ollama
            }
        }

        /// What its output is called.
        var unit: String {
            switch self {
            case .sse: "SSE events"
            case .ndjson: "lines"
            case .openAI, .anthropic, .ollama: "model events"
            }
        }
    }

    static let chunkSize = 16 * 1024

    func run() throws -> [Row] {
        var rows: [Row] = []
        for mebibytes in [1, largeMiB] {
            for decoder in Decoder.allCases {
                Report.progress("decode: \(decoder.rawValue), \(mebibytes) MiB")
                let row = try measure(decoder, mebibytes: mebibytes)
                Report.print([row])
                rows.append(row)
            }
        }
        let allocations = AllocationProbe.rows()
        Report.print(allocations)
        return rows + allocations
    }

    private func measure(_ decoder: Decoder, mebibytes: Int) throws -> Row {
        let (body, deltas) = StreamBodies.body(decoder.wire, bytes: mebibytes * 1024 * 1024)
        // Small bodies are decoded several times per run, so that a run lasts long enough to time.
        let passes = max(1, 32 / mebibytes)
        let runs = mebibytes > 10 ? min(runs, 3) : runs
        var megabytesPerSecond: [Double] = []
        var eventsPerSecond: [Double] = []
        var events = 0
        for _ in 0..<runs {
            let stopwatch = Stopwatch()
            for _ in 0..<passes {
                events = try Self.decode(body, with: decoder)
            }
            let seconds = stopwatch.seconds
            megabytesPerSecond.append(Double(body.readableBytes * passes) / 1e6 / seconds)
            eventsPerSecond.append(Double(events * passes) / seconds)
        }
        guard events >= deltas else {
            throw BenchError("\(decoder.rawValue) gave \(events) \(decoder.unit) for \(deltas) deltas")
        }
        return Row(
            section: "Decode",
            name: "\(decoder.rawValue), \(mebibytes) MiB \(decoder.wire.rawValue)",
            result: "\(Format.rate(Statistics.median(megabytesPerSecond))) MB/s · "
                + "\(Format.rate(Statistics.median(eventsPerSecond))) \(decoder.unit)/s",
            runs: runs,
            notes: "\(Format.grouped(deltas)) deltas of \(body.readableBytes / max(deltas, 1)) B; "
                + (passes > 1 ? "\(passes) passes per run" : "1 pass per run")
        )
    }

    /// Decodes `body` once, in 16 KiB chunks; returns how many outputs the decoder produced.
    static func decode(_ body: ByteBuffer, with decoder: Decoder) throws -> Int {
        switch decoder {
        case .sse:
            var sse = SSEDecoder()
            return chunks(of: body).reduce(0) { $0 + sse.feed($1).count } + sse.finish().count
        case .ndjson:
            var lines = NDJSONDecoder()
            return chunks(of: body).reduce(0) { $0 + lines.feed($1).count } + lines.finish().count
        case .openAI:
            return try decode(body, SSEModelStreamDecoder(parser: OpenAIStreamParser()))
        case .anthropic:
            return try decode(body, SSEModelStreamDecoder(parser: AnthropicStreamParser()))
        case .ollama:
            return try decode(body, NDJSONModelStreamDecoder(parser: OllamaStreamParser()))
        }
    }

    private static func decode(_ body: ByteBuffer, _ decoder: some ModelStreamDecoder) throws -> Int {
        var decoder = decoder
        var events: [ModelStreamEvent] = []
        var count = 0
        for chunk in chunks(of: body) {
            try decoder.feed(chunk, into: &events)
            count += events.count
            events.removeAll(keepingCapacity: true)
        }
        try decoder.finish(into: &events)
        return count + events.count
    }

    private static func chunks(of body: ByteBuffer) -> [ByteBuffer] {
        stride(from: 0, to: body.readableBytes, by: chunkSize).compactMap { offset in
            body.getSlice(at: body.readerIndex + offset, length: min(chunkSize, body.readableBytes - offset))
        }
    }
}
