//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation
import Hummingbird

/// The session life cycle, beyond the original API: list sessions, cancel a session or a task,
/// delete a session.
struct SessionRoutes: Sendable {
    /// The largest page of `GET /multi-agent/sessions`.
    static let maxLimit = 200
    /// The page size when `limit` is not given.
    static let defaultLimit = 50
    /// The largest `offset` accepted.
    static let maxOffset = 1_000_000_000

    let services: ServerServices

    func register(on router: Router<some RequestContext>) {
        router.get("/multi-agent/sessions") { request, _ in try await list(request) }
        router.post("/multi-agent/sessions/{session_id}/cancel") { _, context in
            try await cancel(try MultiAgentRoutes.sessionID(context))
        }
        router.delete("/multi-agent/sessions/{session_id}") { _, context in
            try await delete(try MultiAgentRoutes.sessionID(context))
        }
        router.post("/multi-agent/tasks/{session_id}/{task_id}/cancel") { _, context in
            try await cancelTask(
                try MultiAgentRoutes.sessionID(context),
                TaskID(try context.parameters.require("task_id"))
            )
        }
    }

    private func list(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let limit =
            try Self.integer(query["limit"].map(String.init), "limit", in: 1...Self.maxLimit) ?? Self.defaultLimit
        let offset = try Self.integer(query["offset"].map(String.init), "offset", in: 0...Self.maxOffset) ?? 0
        let sessions = try await services.orchestrator.sessions(limit: limit, offset: offset)
        return .json(
            SessionListBody(
                sessions: sessions,
                limit: limit,
                offset: offset,
                nextOffset: sessions.count == limit ? offset + limit : nil
            )
        )
    }

    private func cancel(_ session: SessionID) async throws -> Response {
        let cancelled = try await services.orchestrator.cancelSession(session)
        return .json(CancelledBody(sessionID: session, cancelledTasks: cancelled.map(\.id)))
    }

    private func cancelTask(_ session: SessionID, _ id: TaskID) async throws -> Response {
        _ = try await services.orchestrator.task(id, in: session)
        let cancelled = try await services.orchestrator.cancelTask(id)
        return .json(CancelledBody(sessionID: session, cancelledTasks: cancelled.map(\.id)))
    }

    private func delete(_ session: SessionID) async throws -> Response {
        try await services.orchestrator.deleteSession(session)
        return .json(SuccessBody(message: "Session \(session) deleted"))
    }

    /// An optional integer query parameter within a range.
    /// - Throws: ``APIError`` 422 naming the parameter when it is not such an integer.
    private static func integer(_ text: String?, _ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.invalidField(
                name,
                "expected an integer in \(range.lowerBound)...\(range.upperBound), got \(text)"
            )
        }
        return value
    }
}

/// `GET /multi-agent/sessions`: a page of sessions, newest first.
struct SessionListBody: Encodable, Sendable {
    var sessions: [SessionSummary]
    var limit: Int
    var offset: Int
    /// The `offset` of the next page; `null` on the last page.
    var nextOffset: Int?

    enum CodingKeys: String, CodingKey {
        case sessions, limit, offset
        case nextOffset = "next_offset"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sessions, forKey: .sessions)
        try c.encode(limit, forKey: .limit)
        try c.encode(offset, forKey: .offset)
        try c.encode(nextOffset, forKey: .nextOffset)
    }
}

/// The answer to a cancellation: the tasks it cancelled (none when nothing was open).
struct CancelledBody: Encodable, Sendable {
    var sessionID: SessionID
    var cancelledTasks: [TaskID]

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id"
        case cancelledTasks = "cancelled_tasks"
    }
}
