//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// Finds a session from its identifier or from a prefix of it that names one session, as git
/// does with commits.
enum SessionLookup {
    /// How many sessions are read at a time while looking for a prefix.
    private static let pageSize = 500

    /// The session named by `text`: the session with that identifier, else the only session whose
    /// identifier starts with it (letter case ignored).
    /// - Parameters:
    ///   - text: An identifier, or a prefix of one.
    ///   - orchestrator: Reads the sessions (it need not run).
    /// - Throws: `CLIFailure` with exit status 4 when no session or several match (the message
    ///   lists the candidates), 64 when `text` is empty; storage errors.
    static func resolve(_ text: String, in orchestrator: Orchestrator) async throws -> SessionID {
        let wanted = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !wanted.isEmpty else { throw CLIFailure("The session identifier is empty", exitCode: .usage) }
        do {
            return try await orchestrator.session(SessionID(wanted)).id
        } catch let error as AI2AIError where error.code == .notFound {
            // Not a whole identifier: try it as a prefix.
        }
        let prefix = wanted.lowercased()
        var matches: [Session] = []
        var offset = 0
        while true {
            let page = try await orchestrator.sessions(limit: pageSize, offset: offset)
            matches += page.map(\.session).filter { $0.id.rawValue.lowercased().hasPrefix(prefix) }
            guard page.count == pageSize else { break }
            offset += pageSize
        }
        guard let first = matches.first else {
            throw CLIFailure("Session \(wanted) not found (see 'ai2ai sessions')", exitCode: .notFound)
        }
        guard matches.count > 1 else { return first.id }
        throw CLIFailure(ambiguity(wanted, matches), exitCode: .notFound)
    }

    /// "Session prefix 'ab' is ambiguous: it starts 3 sessions:" and one line per candidate.
    static func ambiguity(_ prefix: String, _ matches: [Session]) -> String {
        let shown = matches.prefix(10).map { session in
            "  \(session.id)  \(ISO8601.string(from: session.createdAt))  "
                + (session.title ?? "").singleLine(width: 50)
        }
        let more = matches.count > shown.count ? ["  … and \(matches.count - shown.count) more"] : []
        return "Session prefix '\(prefix)' is ambiguous: it starts \(matches.count) sessions:\n"
            + (shown + more).joined(separator: "\n")
    }
}
