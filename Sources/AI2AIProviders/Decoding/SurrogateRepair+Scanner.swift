//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation

extension SurrogateRepair {
    /// Walks a JSON text, tracking the path of each string, and notes its unpaired surrogate
    /// escapes. It never fails: on malformed text it stops, and the decoder reports the error.
    struct Scanner {
        private enum Frame {
            case object(key: String?)
            case array(index: Int)
        }

        /// One escape in a string: where its `\` is, and its code unit for a `\uXXXX`.
        private typealias Escape = (offset: Int, unit: UInt16?)

        let bytes: [UInt8]
        private var index = 0
        private var frames: [Frame] = []
        /// The offsets of the `\` of every unpaired surrogate escape.
        private(set) var unpaired: [Int] = []
        /// The halves at string edges, by the string's path.
        private(set) var edges: [[PathComponent]: Edges] = [:]

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func run() {
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "{"):
                    frames.append(.object(key: nil))
                case UInt8(ascii: "["):
                    frames.append(.array(index: 0))
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard !frames.isEmpty else { return }
                    frames.removeLast()
                case UInt8(ascii: ","):
                    switch frames.last {
                    case .array(let position)?: frames[frames.count - 1] = .array(index: position + 1)
                    case .object?: frames[frames.count - 1] = .object(key: nil)
                    case nil: return
                    }
                case UInt8(ascii: "\""):
                    guard readString() else { return }
                    continue
                default:
                    break
                }
                index += 1
            }
        }

        /// Reads the string whose opening quote is at `index` and moves past it; `false` when it
        /// never ends.
        private mutating func readString() -> Bool {
            let start = index + 1
            var escapes: [Escape] = []
            var position = start
            while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                guard bytes[position] == UInt8(ascii: "\\") else {
                    position += 1
                    continue
                }
                guard position + 1 < bytes.count else { return false }
                if bytes[position + 1] == UInt8(ascii: "u") {
                    escapes.append((position, hexUnit(at: position + 2)))
                    position += 6
                } else {
                    escapes.append((position, nil))
                    position += 2
                }
            }
            guard position < bytes.count else { return false }
            index = position + 1
            let found = unpairedHalves(in: escapes, start: start, end: position)
            if case .object(key: nil)? = frames.last {
                frames[frames.count - 1] = .object(key: key(start..<position, repairing: found.offsets))
            } else if found.edges != Edges() {
                edges[path] = found.edges
            }
            unpaired += found.offsets
            return true
        }

        /// The unpaired halves among a string's escapes, and those at its very start and end.
        private func unpairedHalves(in escapes: [Escape], start: Int, end: Int) -> (offsets: [Int], edges: Edges) {
            var offsets: [Int] = []
            var edges = Edges()
            var position = 0
            while position < escapes.count {
                let (offset, unit) = escapes[position]
                position += 1
                guard let unit, UTF16.isLeadSurrogate(unit) || UTF16.isTrailSurrogate(unit) else { continue }
                if UTF16.isLeadSurrogate(unit), position < escapes.count, escapes[position].offset == offset + 6,
                    let next = escapes[position].unit, UTF16.isTrailSurrogate(next)
                {
                    position += 1  // a whole pair
                    continue
                }
                offsets.append(offset)
                if UTF16.isTrailSurrogate(unit), offset == start { edges.leadingLow = unit }
                if UTF16.isLeadSurrogate(unit), offset + 6 == end { edges.trailingHigh = unit }
            }
            return (offsets, edges)
        }

        /// The path of the value being read.
        private var path: [PathComponent] {
            frames.map { frame in
                switch frame {
                case .object(let key): .key(key ?? "")
                case .array(let position): .index(position)
                }
            }
        }

        /// A key's text, as `JSONDecoder` will decode it once repaired.
        private func key(_ range: Range<Int>, repairing unpaired: [Int]) -> String {
            if unpaired.isEmpty, !bytes[range].contains(UInt8(ascii: "\\")) {
                return String(decoding: bytes[range], as: UTF8.self)
            }
            // The literal with its quotes; the parser reads any unpaired half as U+FFFD.
            let literal = Data(bytes[(range.lowerBound - 1)...range.upperBound])
            return (try? JSONValue(parsing: literal))?.stringValue ?? ""
        }

        /// The four hex digits at `position` as a code unit, if they are four hex digits.
        private func hexUnit(at position: Int) -> UInt16? {
            HexDigits.unit(in: bytes, at: position)
        }
    }
}
