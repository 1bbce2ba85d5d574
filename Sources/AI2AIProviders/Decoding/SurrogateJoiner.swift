//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// Joins the halves of a surrogate pair cut between two deltas of one channel (the answer's
/// text, one tool call's argument text).
///
/// The channel's text is the UTF-16 code units of all its deltas, joined, with every unpaired
/// half replaced by U+FFFD. A delta that ends with a high half gives its text without it; the
/// half is held, and joined with a low half that starts the next non-empty delta, or given as
/// U+FFFD when that delta does not start with one or when the channel ends (``flush()``).
struct SurrogateJoiner: Sendable, Hashable {
    private var pendingHigh: UInt16?

    /// The text to emit for one delta.
    /// - Parameters:
    ///   - text: The delta as decoded, with U+FFFD where an unpaired half was.
    ///   - edges: The unpaired halves at the edges of the delta's string, from ``SurrogateRepair``.
    /// - Returns: The text to emit now (may be empty).
    mutating func join(_ text: String, edges: SurrogateRepair.Edges?) -> String {
        guard !text.isEmpty else { return "" }
        guard pendingHigh != nil || edges?.trailingHigh != nil else { return text }
        var scalars = Substring(text).unicodeScalars
        var prefix = ""
        if let high = pendingHigh {
            pendingHigh = nil
            if let low = edges?.leadingLow, scalars.first == Self.replacement,
                let joined = Unicode.Scalar(0x10000 + (UInt32(high) - 0xD800) << 10 + (UInt32(low) - 0xDC00))
            {
                scalars = scalars.dropFirst()
                prefix.unicodeScalars.append(joined)
            } else {
                prefix.unicodeScalars.append(Self.replacement)
            }
        }
        if let high = edges?.trailingHigh, !scalars.isEmpty, scalars.last == Self.replacement {
            scalars = scalars.dropLast()
            pendingHigh = high
        }
        return prefix + String(scalars)
    }

    /// The held half as U+FFFD, when the channel ends with one; else the empty string.
    mutating func flush() -> String {
        guard pendingHigh != nil else { return "" }
        pendingHigh = nil
        return String(Self.replacement)
    }

    private static let replacement: Unicode.Scalar = "\u{FFFD}"
}
