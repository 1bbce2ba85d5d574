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

/// The `/multi-agent` endpoints of the original ai2ai-feedback system, answering 404 (not 500) for
/// unknown sessions, tasks and agent indices.
struct MultiAgentRoutes: Sendable {
    let services: ServerServices

    func register(on router: Router<some RequestContext>) {
        router.post("/multi-agent/create") { request, _ in try await create(request) }
        router.post("/multi-agent/message") { request, _ in try await message(request) }
        router.get("/multi-agent/tasks/{session_id}") { _, context in
            try await tasks(try Self.sessionID(context))
        }
        router.get("/multi-agent/tasks/{session_id}/{task_id}") { _, context in
            try await task(try Self.sessionID(context), TaskID(try context.parameters.require("task_id")))
        }
        router.get("/multi-agent/agents/{session_id}") { _, context in
            try await agents(try Self.sessionID(context))
        }
        router.post("/multi-agent/agents/{session_id}/restart/{agent_index}") { _, context in
            try await restart(try Self.sessionID(context), index: try Self.agentIndex(context))
        }
        router.post("/multi-agent/agents/{session_id}/start_all") { _, context in
            try await startAll(try Self.sessionID(context))
        }
        router.get("/multi-agent/responses/{session_id}") { _, context in
            try await responses(try Self.sessionID(context))
        }
    }

    private func create(_ request: Request) async throws -> Response {
        let body = try await request.decodeJSON(
            CreateMultiAgentRequest.self,
            limit: services.configuration.maxBodyBytes
        )
        let spec = try body.spec(maxAgents: services.configuration.maxAgents)
        try services.validateAgentModels(spec.agents.map(\.model))
        let session = try await services.orchestrator.createSession(spec)
        return .json(SessionCreatedBody(sessionID: session.id))
    }

    private func message(_ request: Request) async throws -> Response {
        let body = try await request.decodeJSON(
            MultiAgentMessageRequest.self,
            limit: services.configuration.maxBodyBytes
        )
        let session = SessionID(body.sessionID)
        let agents = try await services.orchestrator.agents(in: session)
        guard !agents.isEmpty else { throw APIError(.notFound, "No agents found in session \(session)") }
        // As in the original, an empty target list means every agent.
        let targets = body.targetAgents.flatMap { $0.isEmpty ? nil : $0 }
        let tasks = try await services.orchestrator.send(
            body.message,
            to: session,
            targets: targets,
            initiator: body.initiator ?? "user"
        )
        let byID = Dictionary(agents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let responses = tasks.compactMap { task -> AgentResponseBody? in
            guard let agent = byID[task.assignedTo] else { return nil }
            return AgentResponseBody(
                agentIndex: agent.index,
                agentName: agent.name,
                agentRole: agent.role,
                response: "Task created, processing...",
                model: services.displayModel(of: agent),
                taskID: task.id
            )
        }
        return .json(
            MessageSentBody(
                sessionID: session,
                message: body.message,
                responses: responses,
                metadata: .init(timestamp: services.clock.now, targetAgents: body.targetAgents)
            )
        )
    }

    private func tasks(_ session: SessionID) async throws -> Response {
        let tasks = try await services.orchestrator.tasks(in: session)
        return .json(TaskListBody(sessionID: session, tasks: tasks.map(TaskBody.init)))
    }

    private func task(_ session: SessionID, _ id: TaskID) async throws -> Response {
        let task = try await services.orchestrator.task(id, in: session)
        let detail = TaskDetailBody(
            sessionID: session,
            task: TaskBody(task: task),
            context: try await services.store.context(of: id),
            updates: try await services.store.updates(.task(id)),
            subtasks: try await services.store.children(of: id).map(TaskBody.init)
        )
        return .json(detail)
    }

    private func agents(_ session: SessionID) async throws -> Response {
        let agents = try await services.orchestrator.agents(in: session).sorted { $0.index < $1.index }
        let bodies = agents.map {
            AgentBody(
                id: $0.id,
                index: $0.index,
                name: $0.name,
                role: $0.role,
                model: services.displayModel(of: $0),
                isActive: $0.isActive,
                maxRunning: $0.maxRunning
            )
        }
        return .json(AgentListBody(sessionID: session, agents: bodies))
    }

    private func restart(_ session: SessionID, index: Int) async throws -> Response {
        try await services.orchestrator.restartAgent(in: session, index: index)
        return .json(SuccessBody(message: "Agent \(index) restarted"))
    }

    private func startAll(_ session: SessionID) async throws -> Response {
        let started = try await services.orchestrator.startAgents(in: session)
        return .json(SuccessBody(message: "Started \(started) agent loops for session \(session)"))
    }

    private func responses(_ session: SessionID) async throws -> Response {
        let tasks = try await services.orchestrator.responses(in: session)
        let agents = try await services.store.agents(in: session)
        let byID = Dictionary(agents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let bodies = tasks.map { task in
            TaskResponseBody(
                taskID: task.id,
                title: task.title,
                description: task.description,
                result: task.result,
                completedAt: task.completedAt,
                agent: byID[task.assignedTo].map {
                    .init(index: $0.index, name: $0.name, role: $0.role, model: services.displayModel(of: $0))
                }
            )
        }
        return .json(TaskResponseListBody(sessionID: session, responses: bodies))
    }

    static func sessionID(_ context: some RequestContext) throws -> SessionID {
        SessionID(try context.parameters.require("session_id"))
    }

    private static func agentIndex(_ context: some RequestContext) throws -> Int {
        let text = try context.parameters.require("agent_index")
        guard let index = Int(text) else {
            throw APIError.invalidField("agent_index", "expected an integer, got \(text)")
        }
        return index
    }
}
