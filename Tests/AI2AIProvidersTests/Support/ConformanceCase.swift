//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import Foundation

/// One case of the conformance corpus (Fixtures/conformance): a body and what it must give.
struct ConformanceCase: Sendable {
    /// `recordings` or `chunk-replays`.
    var corpus: String
    /// `openai`, `openrouter`, `anthropic` or `ollama` (the folder).
    var provider: String
    var name: String
    var body: [UInt8]
    /// The whole expected.json.
    var file: JSONValue

    /// `recordings` cases nest their results under `expected`; `chunk-replays` do not.
    var expected: JSONValue { file["expected"] ?? file }
    var isStream: Bool { (file["mode"]?.stringValue ?? "stream") == "stream" }
    var status: Int { file["http_status"]?.intValue ?? 200 }
    var contentType: String {
        file["content_type"]?.stringValue ?? (provider == "ollama" ? "application/x-ndjson" : "text/event-stream")
    }
    var outcome: String { file["outcome"]?.stringValue ?? "success" }

    static let root: URL? = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
        .appendingPathComponent("conformance")

    /// Every case of a corpus, as `provider/name`.
    static func names(in corpus: String) -> [String] {
        guard let root else { return [] }
        let base = root.appendingPathComponent(corpus)
        let providers = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        var names: [String] = []
        for provider in providers.sorted() {
            let files =
                (try? FileManager.default.contentsOfDirectory(atPath: base.appendingPathComponent(provider).path)) ?? []
            for file in files where file.hasSuffix(".expected.json") {
                names.append("\(provider)/\(file.dropLast(".expected.json".count))")
            }
        }
        return names.sorted()
    }

    static let recordingNames = names(in: "recordings")
    static let chunkReplayNames = names(in: "chunk-replays")
    static let allNames = recordingNames.map { "recordings/\($0)" } + chunkReplayNames.map { "chunk-replays/\($0)" }
    /// Cases whose body is at most 2 KiB (cheap enough to serve one byte per write).
    static let smallNames = allNames.filter { ((try? load($0))?.body.count ?? .max) <= 2048 }
    /// Recordings answered with an HTTP error status.
    static let httpErrorNames = allNames.filter { (try? load($0))?.outcome == "http_error" }
    /// Streamed successes and stream errors (everything with a stream body).
    static let streamNames = allNames.filter { name in
        (try? load(name)).map { $0.isStream && $0.outcome != "http_error" } ?? false
    }

    /// Loads `corpus/provider/name`.
    static func load(_ path: String) throws -> ConformanceCase {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count == 3, let root else { throw FixtureError.missing(path) }
        let folder = root.appendingPathComponent(parts[0]).appendingPathComponent(parts[1])
        let body = try Data(contentsOf: folder.appendingPathComponent("\(parts[2]).body"))
        let file = try JSONValue(parsing: Data(contentsOf: folder.appendingPathComponent("\(parts[2]).expected.json")))
        return ConformanceCase(corpus: parts[0], provider: parts[1], name: parts[2], body: Array(body), file: file)
    }
}

enum FixtureError: Error {
    case missing(String)
}
