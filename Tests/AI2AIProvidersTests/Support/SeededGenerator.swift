//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// A deterministic random number generator (SplitMix64), so random splits repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Ways to cut a body into chunks.
enum Split: String, CaseIterable, Sendable {
    /// The body in one piece.
    case whole
    /// One byte at a time.
    case bytes
    /// Random cuts, 1 to 40 bytes apart, from a fixed seed.
    case random
    /// A cut inside every multi-byte UTF-8 character (and after every CR).
    case multibyte

    /// The end offsets of the pieces of a body of `count` bytes.
    func offsets(for body: [UInt8]) -> [Int] {
        switch self {
        case .whole:
            return []
        case .bytes:
            return Array(1..<max(body.count, 1))
        case .random:
            var generator = SeededGenerator(seed: 0xA12A_1000 &+ UInt64(body.count))
            var offsets: [Int] = []
            var offset = 0
            while true {
                offset += Int.random(in: 1...40, using: &generator)
                guard offset < body.count else { break }
                offsets.append(offset)
            }
            return offsets
        case .multibyte:
            var offsets: [Int] = []
            for (index, byte) in body.enumerated() where index > 0 {
                // Inside a character: before every continuation byte; and between CR and LF.
                if byte & 0xC0 == 0x80 || body[index - 1] == 0x0D { offsets.append(index) }
            }
            return offsets
        }
    }

    /// The body cut into pieces.
    func pieces(of body: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        for end in offsets(for: body) + [body.count] where end > start {
            result.append(body[start..<end])
            start = end
        }
        return result
    }
}
