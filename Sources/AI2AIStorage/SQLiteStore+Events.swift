//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
import Foundation
import GRDB

// The event log of SQLiteStore: the table `session_event`, written by the life-cycle transitions
// (SQLiteOperations.apply) in their own transactions, and read here.
extension SQLiteStore {
    public func events(of session: SessionID, after sequence: UInt64, limit: Int) async throws -> [SessionEvent] {
        guard limit > 0 else { return [] }
        let after = Int64(clamping: sequence)
        return try await read { db in
            let rows = try Row.fetchAll(
                db,
                cached: "SELECT seq, payload FROM session_event WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                arguments: [session.rawValue, after, limit]
            )
            return try rows.map { row in
                let payload: Data = row["payload"]
                do {
                    return try JSONDecoder.shared.decode(SessionEvent.self, from: payload)
                } catch {
                    let seq: Int64 = row["seq"]
                    throw AI2AIError(.storage, "Event \(seq) of session \(session) is unreadable: \(error)")
                }
            }
        }
    }

    public func appendEvents(_ kinds: [SessionEvent.Kind], to session: SessionID) async throws -> [SessionEvent] {
        let stored = kinds.filter(\.isStored)
        guard !stored.isEmpty else { return [] }
        let clock = clock
        return try await write { db in
            _ = try SQLiteOperations.session(db, session)
            let now = clock.now
            return try SQLiteOperations.apply(db, stored.map { .appendEvent(session, $0, at: now) })
        }
    }

    public func eventLogChanges(after position: Int64?) async throws -> EventLogChanges {
        try await read { db in
            let last = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM session_event")) ?? 0
            guard let position, position < last else { return EventLogChanges(sessions: [], position: last) }
            let sessions = try String.fetchAll(
                db.cachedStatement(sql: "SELECT DISTINCT session_id FROM session_event WHERE id > ? AND id <= ?"),
                arguments: [position, last]
            )
            return EventLogChanges(sessions: Set(sessions.map { SessionID($0) }), position: last)
        }
    }
}
