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

/// Where a prompt comes from: the argument itself, standard input (`-`), or a file (`--file`), so
/// that prompts longer than the system allows for an argument (about 128 KB) can be given.
enum MessageInput {
    /// The message: the file's text when `file` is given, standard input's when `argument` is `-`,
    /// else the argument.
    /// - Throws: `CLIFailure` with exit status 64 when the file cannot be read, the text is not
    ///   UTF-8, or the message is empty.
    static func read(argument: String?, file: String?) throws -> String {
        let text: String
        if let file {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw CLIFailure("Cannot read the message file \(file)", exitCode: .usage)
            }
            text = try decode(data, from: "the message file \(file)")
        } else if argument == "-" {
            if Terminal(descriptor: STDIN_FILENO).isInteractive {
                Terminal.standardError.write("Reading the message from standard input (end it with Ctrl-D)\n")
            }
            text = try decode(readStandardInput(), from: "standard input")
        } else {
            text = argument ?? ""
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CLIFailure("The message is empty", exitCode: .usage)
        }
        return text
    }

    private static func decode(_ data: Data, from source: String) throws -> String {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CLIFailure("The message in \(source) is not UTF-8 text", exitCode: .usage)
        }
        return text
    }

    /// Reads standard input to its end with `read(2)`, retrying `EINTR`.
    private static func readStandardInput() throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count == 0 {
                return data
            } else if errno != EINTR {
                throw CLIFailure("Cannot read standard input (errno \(errno))", exitCode: .usage)
            }
        }
    }
}
