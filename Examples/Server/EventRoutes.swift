//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `GET /multi-agent/events/{session_id}`: the session's events as server-sent events.
///
/// The stream replays the session's stored history after `?after=N` or the `Last-Event-ID` header
/// (all of it by default), then continues live. Each stored event is framed as `event: <type>`,
/// `id: <sequence>` and `data: <SessionEvent JSON>`; live-only events (model text deltas,
/// `session_deleted`) have no `id:`. The stream opens with a `: connected` comment and sends
/// `: keep-alive` comments while idle. Frames wait in a bounded ``FrameOutbox``: a client that
/// reads too slowly is disconnected, and resumes from the last id it saw.
struct EventRoutes: Sendable {
    let services: ServerServices

    func register(on router: Router<some RequestContext>) {
        router.get("/multi-agent/events/{session_id}") { request, context in
            try await events(
                try MultiAgentRoutes.sessionID(context),
                after: try Self.resumePoint(request),
                logger: context.logger
            )
        }
    }

    /// The sequence number to resume after: the `Last-Event-ID` header (what a reconnecting
    /// `EventSource` sends), else `?after=`, else 0 (the whole history).
    static func resumePoint(_ request: Request) throws -> UInt64 {
        if let header = HTTPField.Name("Last-Event-ID"), let value = request.headers[header] {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            // An empty Last-Event-ID is what EventSource sends before it saw an id: from the start.
            if trimmed.isEmpty { return 0 }
            guard let sequence = UInt64(trimmed) else {
                throw APIError(.badRequest, "Last-Event-ID must be the id of an event (a non-negative integer)")
            }
            return sequence
        }
        guard let after = request.uri.queryParameters.get("after") else { return 0 }
        guard let sequence = UInt64(after) else {
            throw APIError(.badRequest, "after must be a non-negative integer (the id of the last event seen)")
        }
        return sequence
    }

    private func events(_ session: SessionID, after sequence: UInt64, logger: Logger) async throws -> Response {
        _ = try await services.orchestrator.session(session)
        let events = services.orchestrator.events(for: session, after: sequence)
        return .eventStream(keepAlive: services.configuration.keepAliveInterval) { outbox in
            guard await outbox.send(ServerSentEvent.comment("connected")) else { return }
            for await event in events {
                let frame: ServerSentEvent
                do {
                    frame = try ServerSentEvent.json(
                        event,
                        event: event.type,
                        id: event.isStored ? "\(event.sequence)" : nil
                    )
                } catch {
                    logger.error("Could not encode a session event", metadata: ["event.type": "\(event.type)"])
                    continue
                }
                guard await outbox.send(frame.encoded()) else { return }
            }
        }
    }
}
