//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import Foundation

extension JSONEncoder {
    /// An encoder for AI2AI's JSON: ISO 8601 dates with fractional seconds, sorted keys.
    public static var ai2ai: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.string(from: date))
        }
        return encoder
    }
}

extension JSONDecoder {
    /// A decoder for AI2AI's JSON: accepts ISO 8601 dates with or without fractional seconds.
    public static var ai2ai: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISO8601.date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "Expected an ISO 8601 date, got \(text)"
                )
            }
            return date
        }
        return decoder
    }
}

/// ISO 8601 formatting of timestamps, as used in AI2AI's JSON.
public enum ISO8601: Sendable {
    /// Formats a date as `2026-11-25T11:21:50.123Z`.
    public static func string(from date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        )
    }

    /// Parses an ISO 8601 timestamp with or without fractional seconds.
    public static func date(from text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}

extension JSONEncoder {
    /// One ``ai2ai`` encoder shared by the package's hot paths (event rows, turn transcripts): a
    /// configured encoder is safe to use from several threads, and making one per value costs.
    package static let shared = JSONEncoder.ai2ai
}

extension JSONDecoder {
    /// One ``ai2ai`` decoder shared by the package's hot paths (event rows, turn transcripts).
    package static let shared = JSONDecoder.ai2ai
}
