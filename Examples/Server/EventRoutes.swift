//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Hummingbird
import Logging

/// `GET /multi-agent/events/{session_id}`: the session's events as server-sent events.
///
/// Each event is framed as `event: <type>`, `id: <sequence>` and `data: <SessionEvent JSON>`; the
/// stream opens with a `: connected` comment and sends `: keep-alive` comments while idle.
struct EventRoutes: Sendable {
    let services: ServerServices

    func register(on router: Router<some RequestContext>) {
        router.get("/multi-agent/events/{session_id}") { _, context in
            try await events(try MultiAgentRoutes.sessionID(context), logger: context.logger)
        }
    }

    private func events(_ session: SessionID, logger: Logger) async throws -> Response {
        _ = try await services.orchestrator.session(session)
        // Subscribe before answering, so no event after the response head is missed.
        let events = services.orchestrator.events(for: session)
        return .eventStream(keepAlive: services.configuration.keepAliveInterval) { sink in
            sink.yield(ServerSentEvent.comment("connected"))
            for await event in events {
                do {
                    sink.yield(try ServerSentEvent.json(event, event: event.type, id: "\(event.sequence)").encoded())
                } catch {
                    logger.error("Could not encode a session event", metadata: ["event.type": "\(event.type)"])
                }
            }
        }
    }
}
