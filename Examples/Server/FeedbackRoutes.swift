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
import NIOCore

/// The feedback endpoints of the original system: direct and session-scoped, whole or streamed.
struct FeedbackRoutes: Sendable {
    let services: ServerServices

    func register(on router: Router<some RequestContext>) {
        router.post("/feedback") { request, _ in
            let body = try await request.decodeJSON(FeedbackRequest.self, limit: limit)
            let model = Self.normalized(body.model)
            _ = try services.feedbackModel(requested: model)
            let feedback = try await services.feedback.feedback(
                context: body.context,
                question: body.question,
                model: model
            )
            return Response.json(FeedbackBody(feedback, timestamp: services.clock.now))
        }
        router.post("/feedback/stream") { request, _ in
            let body = try await request.decodeJSON(FeedbackRequest.self, limit: limit)
            let model = Self.normalized(body.model)
            let modelName = try services.feedbackModel(requested: model)
            let events = services.feedback.streamFeedback(
                context: body.context,
                question: body.question,
                model: model
            )
            return stream(events, model: modelName)
        }
        router.post("/session/create") { request, _ in
            let body = try await request.decodeJSON(CreateSessionRequest.self, limit: limit)
            let session = try await services.feedback.createSession(
                title: body.title,
                systemPrompt: body.systemPrompt,
                tags: body.tags ?? []
            )
            return Response.json(SessionCreatedBody(sessionID: session.id))
        }
        router.post("/session/feedback") { request, _ in
            let body = try await request.decodeJSON(SessionFeedbackRequest.self, limit: limit)
            let session = SessionID(body.sessionID)
            _ = try await services.store.session(session)
            let model = Self.normalized(body.model)
            _ = try services.feedbackModel(requested: model)
            let feedback = try await services.feedback.feedback(
                in: session,
                context: body.context,
                question: body.question,
                model: model
            )
            return Response.json(FeedbackBody(feedback, timestamp: services.clock.now))
        }
        router.post("/session/feedback/stream") { request, _ in
            let body = try await request.decodeJSON(SessionFeedbackRequest.self, limit: limit)
            let session = SessionID(body.sessionID)
            _ = try await services.store.session(session)
            let model = Self.normalized(body.model)
            let modelName = try services.feedbackModel(requested: model)
            let events = services.feedback.streamFeedback(
                in: session,
                context: body.context,
                question: body.question,
                model: model
            )
            return stream(events, model: modelName)
        }
    }

    private var limit: Int { services.configuration.maxBodyBytes }

    /// Frames feedback events as the original does: `data: {json}` events of type `metadata`,
    /// `chunk`, `section_update`, `structured` and `done`, or `error` when the call fails.
    private func stream(_ events: AsyncThrowingStream<FeedbackEvent, any Error>, model: String) -> Response {
        .eventStream(keepAlive: services.configuration.keepAliveInterval) { outbox in
            @discardableResult
            func send(_ event: FeedbackStreamEvent) async -> Bool {
                guard let frame = try? ServerSentEvent.json(event) else { return true }
                return await outbox.send(frame.encoded())
            }
            await send(.metadata(FeedbackMetadata(sourceModel: model, timestamp: services.clock.now)))
            do {
                for try await event in events {
                    let sent: Bool
                    switch event {
                    case .chunk(let text): sent = await send(.chunk(text))
                    case .sectionUpdate(let section, let added, let sections):
                        sent = await send(.sectionUpdate(section, added: added, sections: sections))
                    case .completed(let feedback):
                        await send(.structured(feedback.sections))
                        sent = await send(.done)
                    }
                    if !sent { return }
                }
            } catch {
                await send(.error(APIError(error).detail))
            }
        }
    }

    private static func normalized(_ model: String?) -> String? {
        guard let model = model?.trimmingCharacters(in: .whitespaces), !model.isEmpty else { return nil }
        return model
    }
}
