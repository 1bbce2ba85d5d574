//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI

extension OpenAPIDocument {
    /// The schemas of the event streams. OpenAPI 3.1 has no way to describe the events of a
    /// `text/event-stream` answer, so, as tools read it before 3.2 (`itemSchema`), the `schema`
    /// of the stream describes one event as a client parses it: `event` (`message` when the frame
    /// names none), `id`, and `data`, whose JSON is given by `contentMediaType` and
    /// `contentSchema`, one schema per event name or `type`.
    static func eventSchemas() -> [String: JSONValue] {
        typealias S = OpenAPISchema
        var schemas: [String: JSONValue] = [:]
        let taskStatus = S.enumeration(TaskStatus.allCases.map(\.rawValue))
        // An `AgentTask` as the store keeps it; absent optionals are left out.
        schemas["StoredTask"] = S.object(
            [
                "id": S.string, "session_id": S.string, "title": S.string, "description": S.string,
                "status": taskStatus, "created_by": S.string, "assigned_to": S.string, "depth": S.integer,
                "attempt": S.integer, "created_at": S.dateTime, "updated_at": S.dateTime,
                "parent_task_id": S.string, "result": S.string, "error": S.string, "completed_at": S.dateTime,
                "lease_owner": S.string, "lease_expires_at": S.dateTime,
            ],
            required: [
                "id", "session_id", "title", "description", "status", "created_by", "assigned_to", "depth",
                "attempt", "created_at", "updated_at",
            ]
        )
        let payloads: [(type: String, fields: [String: JSONValue])] = [
            ("task_created", ["task": S.ref("StoredTask")]),
            ("task_status_changed", ["task_id": S.string, "from": taskStatus, "to": taskStatus]),
            ("task_delegated", ["parent_id": S.string, "child": S.ref("StoredTask")]),
            ("update", ["update": S.ref("TaskUpdate")]),
            ("context", ["context": S.ref("ContextEntry")]),
            (
                "model_text_delta",
                [
                    "task_id": S.string, "agent_id": S.string, "text": S.string,
                    "delta_index": ["type": "integer", "minimum": 0],
                ]
            ),
            (
                "turn_committed",
                [
                    "task_id": S.string, "agent_id": S.string, "turn": ["type": "integer", "minimum": 0],
                    "text": S.string,
                    "usage": S.response([
                        "input_tokens": ["type": "integer", "minimum": 0],
                        "output_tokens": ["type": "integer", "minimum": 0],
                    ]),
                ]
            ),
            (
                "model_retry",
                [
                    "task_id": S.string, "agent_id": S.string, "attempt": ["type": "integer", "minimum": 1],
                    "wait_seconds": ["type": "number", "minimum": 0], "reason": S.string,
                ]
            ),
            ("task_completed", ["task": S.ref("StoredTask")]),
            ("task_failed", ["task": S.ref("StoredTask")]),
            ("agent_started", ["agent_id": S.string]),
            ("agent_stopped", ["agent_id": S.string]),
            ("session_cancelled", [:]),
            ("session_deleted", [:]),
        ]
        var frames: [JSONValue] = []
        let liveOnly: Set<String> = ["model_text_delta", "session_deleted"]
        // Fields an event of the type may leave out; every other field is always present.
        let optional: [String: Set<String>] = ["turn_committed": ["usage"]]
        for (type, fields) in payloads {
            let stored = !liveOnly.contains(type)
            var properties = fields
            properties["type"] = ["const": .string(type)]
            properties["session_id"] = S.string
            // A live event carries the sequence of the last stored event it follows (0: none yet).
            properties["sequence"] = ["type": "integer", "minimum": stored ? 1 : 0]
            properties["timestamp"] = S.dateTime
            let omitted = optional[type, default: []]
            schemas["SessionEvent.\(type)"] = S.object(
                properties,
                required: properties.keys.filter { !omitted.contains($0) }.sorted()
            )
            var frame: [String: JSONValue] = [
                "properties": [
                    "event": ["const": .string(type)],
                    "data": S.json(S.ref("SessionEvent.\(type)")),
                ]
            ]
            if stored { frame["required"] = ["id"] } else { frame["not"] = ["required": ["id"]] }
            frames.append(.object(frame))
        }
        schemas["SessionEventFrame"] = [
            "description": """
            One event of GET /multi-agent/events/{session_id}: `event` is the event's type, `id` \
            its sequence number in the session's stored history (every event but `model_text_delta` \
            and `session_deleted` is stored and has one), `data` the event as JSON. Comments \
            (`: connected`, `: keep-alive`) carry no event.
            """,
            "type": "object",
            "properties": [
                "event": S.enumeration(payloads.map(\.type)),
                "id": ["type": "string", "pattern": "^[1-9][0-9]*$"],
                "data": S.string,
            ],
            "required": ["event", "data"],
            "oneOf": .array(frames),
        ]
        schemas["FeedbackEvent"] = [
            "oneOf": [
                S.response(["type": ["const": "metadata"], "content": S.ref("FeedbackMetadata")]),
                S.response(["type": ["const": "chunk"], "content": S.string]),
                S.response([
                    "type": ["const": "section_update"],
                    "section": S.enumeration(FeedbackSection.allCases.map(\.rawValue)),
                    "content": S.string,
                    "sections": S.ref("FeedbackSections"),
                ]),
                S.response(["type": ["const": "structured"], "content": S.ref("FeedbackSections")]),
                S.response(["type": ["const": "done"]]),
                S.response(["type": ["const": "error"], "content": S.string]),
            ]
        ]
        schemas["FeedbackEventFrame"] = [
            "description": """
            One event of a feedback stream: a `data:` line (the default `message` event) whose JSON \
            `type` is metadata, then chunk and section_update as the text arrives, then structured \
            and done, or error when the model call fails.
            """,
            "type": "object",
            "properties": ["event": ["const": "message"], "data": S.json(S.ref("FeedbackEvent"))],
            "required": ["data"],
        ]
        return schemas
    }
}
