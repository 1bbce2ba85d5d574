//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// Where the server keeps its data, parsed from `DATABASE_URL`.
enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    /// Nothing is persisted (`memory`).
    case memory
    /// A SQLite file (`sqlite://relative/path` or `sqlite:///absolute/path`).
    case file(String)

    /// Parses a `DATABASE_URL` value.
    ///
    /// `memory` (or `sqlite://:memory:`) keeps everything in memory; `sqlite://ai2ai.sqlite` is a
    /// file relative to the working directory; `sqlite:///var/lib/ai2ai.sqlite` is an absolute path.
    /// - Throws: ``ConfigurationError`` for any other form.
    init(url: String) throws(ConfigurationError) {
        let value = url.trimmingCharacters(in: .whitespaces)
        if value.lowercased() == "memory" || value.lowercased() == "sqlite://:memory:" {
            self = .memory
            return
        }
        for prefix in ["sqlite://", "sqlite:"] where value.lowercased().hasPrefix(prefix) {
            let path = String(value.dropFirst(prefix.count))
            guard !path.isEmpty else { break }
            self = .file(path)
            return
        }
        throw ConfigurationError(
            variable: "DATABASE_URL",
            message: "expected `memory`, `sqlite://relative/path` or `sqlite:///absolute/path`, got \(value)"
        )
    }

    var description: String {
        switch self {
        case .memory: "memory"
        case .file(let path): "sqlite://\(path)"
        }
    }

    /// Opens the store.
    /// - Throws: ``AI2AIError`` `.storage` when the file cannot be opened.
    func makeStore() throws -> any AgentStore {
        switch self {
        case .memory: InMemoryStore()
        case .file(let path): try SQLiteStore(path: path)
        }
    }
}

/// An environment variable with a value the server cannot use.
struct ConfigurationError: Error, CustomStringConvertible {
    /// The variable.
    var variable: String
    /// What is wrong with it.
    var message: String

    var description: String { "\(variable): \(message)" }
}
