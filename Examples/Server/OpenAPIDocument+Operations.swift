//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI

extension OpenAPIDocument {
    private static let unknownSession = "Unknown session"
    private static let provider = "The model provider is not configured, unavailable or failed"
    private static let refused = "The body is empty or not JSON, or the provider refused the model or the request"
    private static let timedOut = "The model provider did not answer in time"

    /// Every route the server serves; `App+build.swift` registers exactly these.
    static let operations: [Operation] = [
        Operation(
            method: "post",
            path: "/multi-agent/create",
            summary: "Create a multi-agent session; its agents start at once",
            body: "CreateMultiAgentRequest",
            answer: json("SessionCreated"),
            errors: [503: "No model given, and the default model is not set or its provider is not configured"]
        ),
        Operation(
            method: "post",
            path: "/multi-agent/message",
            summary: "Send a message: one task per targeted agent",
            body: "MultiAgentMessageRequest",
            answer: json("MessageSent"),
            errors: [404: "Unknown session, session without agents, or unknown agent index"]
        ),
        Operation(
            method: "get",
            path: "/multi-agent/tasks/{session_id}",
            summary: "A session's tasks, oldest first",
            parameters: ["session_id"],
            answer: json("TaskList"),
            errors: [404: unknownSession]
        ),
        Operation(
            method: "get",
            path: "/multi-agent/tasks/{session_id}/{task_id}",
            summary: "A task with its context entries, updates and subtasks",
            parameters: ["session_id", "task_id"],
            answer: json("TaskDetail"),
            errors: [404: "Unknown session or task"]
        ),
        Operation(
            method: "get",
            path: "/multi-agent/agents/{session_id}",
            summary: "A session's agents by index",
            parameters: ["session_id"],
            answer: json("AgentList"),
            errors: [404: unknownSession]
        ),
        Operation(
            method: "post",
            path: "/multi-agent/agents/{session_id}/restart/{agent_index}",
            summary: "Restart an agent's loop; it resumes its task from the last stored turn",
            parameters: ["session_id", "agent_index"],
            answer: json("Success"),
            errors: [404: "Unknown session or agent index", 422: "agent_index is not an integer"]
        ),
        Operation(
            method: "post",
            path: "/multi-agent/agents/{session_id}/start_all",
            summary: "Start the loops of the session's agents that are not running",
            parameters: ["session_id"],
            answer: json("Success"),
            errors: [404: unknownSession]
        ),
        Operation(
            method: "get",
            path: "/multi-agent/responses/{session_id}",
            summary: "Completed tasks, newest first",
            parameters: ["session_id"],
            answer: json("TaskResponseList"),
            errors: [404: unknownSession]
        ),
        Operation(
            method: "get",
            path: "/multi-agent/sessions",
            summary:
                "Sessions, newest first, each with its task counts by status, derived status and last activity; "
                + "paged by limit and offset (next_offset is null on the last page)",
            query: [
                (
                    "limit",
                    [
                        "type": "integer", "minimum": 1, "maximum": .number(Double(SessionRoutes.maxLimit)),
                        "default": .number(Double(SessionRoutes.defaultLimit)),
                    ]
                ),
                (
                    "offset",
                    [
                        "type": "integer", "minimum": 0, "maximum": .number(Double(SessionRoutes.maxOffset)),
                        "default": 0,
                    ]
                ),
            ],
            answer: json("SessionList"),
            errors: [422: "limit or offset is not an integer in its range"]
        ),
        Operation(
            method: "post",
            path: "/multi-agent/sessions/{session_id}/cancel",
            summary:
                "Cancel a session: its open tasks become cancelled and its model calls stop; history is kept. "
                + "A session with nothing open answers 200 with no task cancelled",
            parameters: ["session_id"],
            answer: json("Cancelled"),
            errors: [404: unknownSession]
        ),
        Operation(
            method: "delete",
            path: "/multi-agent/sessions/{session_id}",
            summary: "Delete a session and everything in it, cancelling its work first",
            parameters: ["session_id"],
            answer: json("Success"),
            errors: [404: unknownSession]
        ),
        Operation(
            method: "post",
            path: "/multi-agent/tasks/{session_id}/{task_id}/cancel",
            summary:
                "Cancel a task and its open subtasks; a waiting parent continues. A finished task answers 200 "
                + "with no task cancelled",
            parameters: ["session_id", "task_id"],
            answer: json("Cancelled"),
            errors: [404: "Unknown session or task"]
        ),
        Operation(
            method: "get",
            path: "/multi-agent/events/{session_id}",
            summary:
                "Server-sent events of the session: its stored history after `Last-Event-ID` or `after` (all of it "
                + "by default), then live; `event: <type>`, `id: <sequence>` (stored events only), "
                + "`data: <SessionEvent JSON>`; `: keep-alive` comments while idle",
            parameters: ["session_id"],
            query: [("after", ["type": "integer", "minimum": 0])],
            headers: [("Last-Event-ID", ["type": "string", "pattern": "^\\s*[0-9]*\\s*$"])],
            answer: eventStream(
                "The session's events after the resume point, then its events as they happen",
                event: "SessionEventFrame"
            ),
            errors: [400: "`after` or `Last-Event-ID` is not a non-negative integer", 404: unknownSession]
        ),
        Operation(
            method: "post",
            path: "/feedback",
            summary: "Ask the larger model for feedback on some reasoning",
            body: "FeedbackRequest",
            answer: json("Feedback"),
            errors: [400: refused, 502: provider, 503: provider, 504: timedOut]
        ),
        Operation(
            method: "post",
            path: "/feedback/stream",
            summary:
                "Streamed feedback: `data:` events of type metadata, chunk, section_update, structured, done (or error)",
            body: "FeedbackRequest",
            answer: eventStream("The feedback as it is written", event: "FeedbackEventFrame"),
            errors: [503: provider]
        ),
        Operation(
            method: "post",
            path: "/session/create",
            summary: "Create a session for session-scoped feedback",
            body: "CreateSessionRequest",
            answer: json("SessionCreated")
        ),
        Operation(
            method: "post",
            path: "/session/feedback",
            summary: "Feedback with the session's earlier exchanges in the prompt; the exchange is stored",
            body: "SessionFeedbackRequest",
            answer: json("Feedback"),
            errors: [400: refused, 404: unknownSession, 502: provider, 503: provider, 504: timedOut]
        ),
        Operation(
            method: "post",
            path: "/session/feedback/stream",
            summary: "Streamed session-scoped feedback",
            body: "SessionFeedbackRequest",
            answer: eventStream("The feedback as it is written", event: "FeedbackEventFrame"),
            errors: [404: unknownSession, 503: provider]
        ),
        Operation(method: "get", path: "/health", summary: "Liveness; needs no token", answer: json("Health")),
        Operation(
            method: "get",
            path: "/metrics",
            summary: "The process's metrics in the Prometheus text format (Documentation/Operations.md lists them)",
            answer: [
                "description": "Counters, gauges and histograms, Prometheus text exposition format 0.0.4",
                "content": ["text/plain": ["schema": ["type": "string"]]],
            ]
        ),
        Operation(
            method: "get",
            path: "/",
            summary: "The web console's page; holds no data and needs no token",
            answer: consoleAsset("The page", types: ["text/html"]),
            responses: ["304": notModified]
        ),
        Operation(
            method: "get",
            path: "/console/{file}",
            summary: "A file of the web console (style sheet, script module, icon); needs no token",
            parameters: ["file"],
            answer: consoleAsset("The file", types: ["text/css", "text/javascript", "image/svg+xml"]),
            errors: [404: "No such file"],
            responses: ["304": notModified]
        ),
        Operation(
            method: "get",
            path: "/openapi.json",
            summary: "This document",
            answer: [
                "description": "The OpenAPI 3.1 document",
                "content": ["application/json": ["schema": ["type": "object"]]],
            ]
        ),
    ]
}

extension OpenAPIDocument {
    /// The methods served at a concrete path (`/multi-agent/tasks/abc` matches
    /// `/multi-agent/tasks/{session_id}`), upper-case and sorted; empty for an unknown path.
    static func methods(servedAt path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let methods = operations.filter { operation in
            let template = operation.path.split(separator: "/", omittingEmptySubsequences: false)
            return template.count == segments.count
                && zip(template, segments).allSatisfy { pattern, segment in
                    pattern.hasPrefix("{") ? !segment.isEmpty : pattern == segment
                }
        }
        return Set(methods.map { $0.method.uppercased() }).sorted()
    }
}
