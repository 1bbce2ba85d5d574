//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to the terminal without buffering surprises.
struct Terminal: Sendable {
    let descriptor: Int32

    static let standardOutput = Terminal(descriptor: STDOUT_FILENO)
    static let standardError = Terminal(descriptor: STDERR_FILENO)

    /// Whether the stream is an interactive terminal (not a pipe or a file).
    var isInteractive: Bool { isatty(descriptor) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb" }

    /// The terminal's width in columns (100 when unknown).
    var columns: Int {
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 100
    }

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return Foundation.write(descriptor, base + offset, buffer.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
    }
}

extension String {
    /// The text on one line, cut to `width` characters with an ellipsis.
    func singleLine(width: Int) -> String {
        let flat = self.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        guard width > 1 else { return "" }
        return flat.count <= width ? flat : String(flat.prefix(width - 1)) + "…"
    }

    /// The last `width` characters on one line, with a leading ellipsis when cut.
    func singleLineTail(width: Int) -> String {
        let flat = self.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        guard width > 1 else { return "" }
        return flat.count <= width ? flat : "…" + String(flat.suffix(width - 1))
    }
}

/// Counted nouns with the right plural: "1 task", "3 tasks".
enum Plural {
    /// `count` and `noun`, with an "s" unless `count` is 1.
    static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
