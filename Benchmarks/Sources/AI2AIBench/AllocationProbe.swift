//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// Allocations per decoded event, counted by valgrind's DHAT on a child run of this executable.
///
/// The child builds a 256 KiB body and decodes it once, then three times; the difference of the
/// two allocation totals, divided by the events of two passes, leaves out everything but the
/// decoding (process start, building the body). valgrind 3.19 cannot read the DWARF 5 debug
/// information Swift 6.3 writes, so the child is a copy of this executable without it
/// (`strip --strip-debug`; the symbol table stays).
enum AllocationProbe {
    static let kibibytes = 256

    static func rows() -> [Row] {
        guard let valgrind = Subprocess.find("valgrind") else {
            return [
                Row(
                    section: "Decode",
                    name: "allocations per event",
                    result: "not measured",
                    runs: 0,
                    notes: "valgrind is not installed"
                )
            ]
        }
        let executable: String
        do {
            executable = try Subprocess.withoutDebugInformation(Subprocess.currentExecutable)
        } catch {
            return [
                Row(
                    section: "Decode",
                    name: "allocations per event",
                    result: "not measured",
                    runs: 0,
                    notes: "\(error)"
                )
            ]
        }
        defer { try? FileManager.default.removeItem(atPath: executable) }
        return DecodeBench.Decoder.allCases.map { decoder in
            Report.progress("decode: allocations of \(decoder.rawValue) under valgrind")
            do {
                let once = try measure(valgrind, executable, decoder, passes: 1)
                let thrice = try measure(valgrind, executable, decoder, passes: 3)
                let events = Double(thrice.events - once.events)
                return Row(
                    section: "Decode",
                    name: "\(decoder.rawValue), allocations",
                    result: "\(Format.number(Double(thrice.blocks - once.blocks) / events)) allocations · "
                        + "\(Format.bytes(Double(thrice.bytes - once.bytes) / events)) per \(decoder.unit.dropLast())",
                    runs: 1,
                    notes: "valgrind --tool=dhat, \(kibibytes) KiB body decoded 3 times minus once"
                )
            } catch {
                return Row(
                    section: "Decode",
                    name: "\(decoder.rawValue), allocations",
                    result: "not measured",
                    runs: 0,
                    notes: "\(error)"
                )
            }
        }
    }

    private struct Totals {
        var blocks: Int
        var bytes: Int
        var events: Int
    }

    private static func measure(
        _ valgrind: String,
        _ executable: String,
        _ decoder: DecodeBench.Decoder,
        passes: Int
    ) throws -> Totals {
        let output = try Subprocess.run(
            valgrind,
            [
                "--tool=dhat", "--dhat-out-file=/dev/null", executable,
                "--probe", decoder.rawValue, "--probe-kib", "\(kibibytes)", "--probe-passes", "\(passes)",
            ]
        )
        // "==123== Total:     1,234,567 bytes in 8,901 blocks"
        guard let line = output.standardError.split(separator: "\n").first(where: { $0.contains("Total:") }) else {
            throw BenchError("no DHAT total in valgrind's output")
        }
        let numbers = line.split(separator: " ").compactMap { Int($0.replacingOccurrences(of: ",", with: "")) }
        let events = output.standardOutput.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard numbers.count >= 2, let count = events.last else {
            throw BenchError("cannot read valgrind's totals: \(line)")
        }
        return Totals(blocks: numbers[numbers.count - 1], bytes: numbers[numbers.count - 2], events: count)
    }

    /// The child's side: decodes a body `passes` times and prints the events of all passes.
    static func probe(_ name: String, kibibytes: Int, passes: Int) throws {
        guard let decoder = DecodeBench.Decoder(rawValue: name) else { throw BenchError("unknown decoder \(name)") }
        let (body, _) = StreamBodies.body(decoder.wire, bytes: kibibytes * 1024)
        var events = 0
        for _ in 0..<passes { events += try DecodeBench.decode(body, with: decoder) }
        print("events \(events)")
    }
}
