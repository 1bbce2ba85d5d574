//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// The four hex digits of a JSON `\uXXXX` escape, for the JSON readers of every module.
package enum HexDigits {
    /// The UTF-16 code unit that the four hex digits at `position` spell, or `nil` when there are
    /// not four hex digits there.
    @inlinable
    package static func unit<Bytes: RandomAccessCollection<UInt8>>(
        in bytes: Bytes,
        at position: Int
    ) -> UInt16? where Bytes.Index == Int {
        guard position >= bytes.startIndex, position + 4 <= bytes.endIndex else { return nil }
        var unit: UInt16 = 0
        for byte in bytes[position..<position + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }
}
