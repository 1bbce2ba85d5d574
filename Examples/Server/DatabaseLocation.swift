//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AIPostgres
import Foundation

/// Where the server keeps its data, parsed from `DATABASE_URL`.
enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    /// Nothing is persisted (`memory`).
    case memory
    /// A SQLite file (`sqlite://relative/path` or `sqlite:///absolute/path`).
    case file(String)
    /// A PostgreSQL database (`postgres://user:password@host:port/database?sslmode=...`), by its URL.
    case postgres(String)

    /// Parses a `DATABASE_URL` value.
    ///
    /// `memory` (or `sqlite://:memory:`) keeps everything in memory; `sqlite://ai2ai.sqlite` is a
    /// file relative to the working directory; `sqlite:///var/lib/ai2ai.sqlite` is an absolute path;
    /// `postgres://` and `postgresql://` URLs name a PostgreSQL database.
    /// - Throws: ``ConfigurationError`` for any other form, or a PostgreSQL URL that cannot be read.
    init(url: String) throws(ConfigurationError) {
        let value = url.trimmingCharacters(in: .whitespaces)
        let lowercased = value.lowercased()
        if lowercased.hasPrefix("postgres://") || lowercased.hasPrefix("postgresql://") {
            do {
                _ = try PostgresStore.Configuration(url: value)
            } catch let error as AI2AIError {
                throw ConfigurationError(variable: "DATABASE_URL", message: error.message)
            } catch {
                throw ConfigurationError(variable: "DATABASE_URL", message: "not a PostgreSQL URL")
            }
            self = .postgres(value)
            return
        }
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
            message: "expected `memory`, `sqlite://relative/path`, `sqlite:///absolute/path` or "
                + "`postgres://user:password@host:port/database`, got \(PostgresStore.Configuration.redacted(value))"
        )
    }

    var description: String {
        switch self {
        case .memory: "memory"
        case .file(let path): "sqlite://\(path)"
        case .postgres(let url): PostgresStore.Configuration.redacted(url)
        }
    }

    /// Opens the store.
    /// - Throws: ``AI2AIError`` `.storage` when the file cannot be opened; `.unavailable` when the
    ///   PostgreSQL server cannot be reached or refuses the login.
    func makeStore() async throws -> any AgentStore {
        switch self {
        case .memory: InMemoryStore()
        case .file(let path): try SQLiteStore(path: path)
        case .postgres(let url): try await PostgresStore(configuration: PostgresStore.Configuration(url: url))
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
