//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI

extension OpenAPIDocument {
    /// `components.schemas`: every request and response body the server reads or writes.
    static func schemas(maxAgents: Int) -> [String: JSONValue] {
        typealias S = OpenAPISchema
        let nullableStrings: JSONValue = ["type": ["array", "null"], "items": S.string]
        let text = S.text
        let nullableModel: JSONValue = [
            "anyOf": [S.ref("ModelName"), ["type": "null"]],
            "description": "`provider:model` or a model of the default provider; default the server's feedback model",
        ]
        let sections = S.response(
            Dictionary(uniqueKeysWithValues: FeedbackSection.allCases.map { ($0.rawValue, S.string) })
        )
        return [
            "Error": S.response(["detail": S.string("What went wrong")]),
            "Health": S.response(["status": S.enumeration(["ok"])]),
            "SessionCreated": S.response(["session_id": S.string]),
            "Success": S.response(["success": S.boolean, "message": S.string]),
            "CreateMultiAgentRequest": createMultiAgentRequest(maxAgents: maxAgents, model: S.ref("ModelName")),
            "MultiAgentMessageRequest": S.request(
                [
                    "session_id": S.string,
                    "message": text,
                    "target_agents": [
                        "type": ["array", "null"],
                        "items": ["type": "integer", "minimum": 0, "maximum": .number(Double(maxAgents - 1))],
                        "description":
                            "0-based agent indices (every agent when null or empty); an index the session does not have is a 404",
                    ],
                    "initiator": S.nullableString,
                ],
                required: ["session_id", "message"]
            ),
            "AgentResponse": S.response([
                "agent_index": S.integer, "agent_name": S.string, "agent_role": S.string,
                "response": S.string, "model": S.string, "task_id": S.string,
            ]),
            "MessageSent": S.response([
                "session_id": S.string,
                "message": S.string,
                "responses": S.array(S.ref("AgentResponse")),
                "metadata": S.response([
                    "timestamp": S.dateTime,
                    "target_agents": ["type": ["array", "null"], "items": S.integer],
                ]),
            ]),
            "Task": S.response([
                "id": S.string, "title": S.string, "description": S.string,
                "status": S.enumeration(TaskStatus.allCases.map(\.rawValue)),
                "created_by": S.string, "assigned_to": S.string,
                "created_at": S.dateTime, "updated_at": S.dateTime, "completed_at": S.nullableDateTime,
                "parent_task_id": S.nullableString, "result": S.nullableString, "error": S.nullableString,
                "depth": S.integer,
            ]),
            "TaskList": S.response(["session_id": S.string, "tasks": S.array(S.ref("Task"))]),
            "SessionSummary": S.response([
                "session_id": S.string, "title": S.nullableString, "system_prompt": S.nullableString,
                "tags": S.array(S.string), "created_at": S.dateTime, "updated_at": S.dateTime,
                "last_activity_at": S.dateTime,
                "status": S.enumeration(SessionStatus.allCases.map(\.rawValue)),
                "task_counts": S.response(
                    Dictionary(
                        uniqueKeysWithValues: TaskStatus.allCases.map {
                            ($0.rawValue, ["type": "integer", "minimum": 0])
                        }
                    )
                ),
            ]),
            "SessionList": S.response([
                "sessions": S.array(S.ref("SessionSummary")),
                "limit": S.integer,
                "offset": S.integer,
                "next_offset": ["type": ["integer", "null"]],
            ]),
            "Cancelled": S.response(["session_id": S.string, "cancelled_tasks": S.array(S.string)]),
            "ContextEntry": S.response([
                "task_id": S.string, "key": S.string, "value": S.string, "updated_at": S.dateTime,
            ]),
            "TaskUpdate": S.response([
                "id": S.string, "task_id": S.string, "session_id": S.string,
                "kind": S.enumeration(TaskUpdate.Kind.allCases.map(\.rawValue)),
                "author": S.string, "content": S.string, "created_at": S.dateTime,
            ]),
            "TaskDetail": S.response([
                "session_id": S.string,
                "task": S.ref("Task"),
                "context": S.array(S.ref("ContextEntry")),
                "updates": S.array(S.ref("TaskUpdate")),
                "subtasks": S.array(S.ref("Task")),
            ]),
            "Agent": S.response([
                "id": S.string, "index": S.integer, "name": S.string, "role": S.string, "model": S.string,
                "is_active": S.boolean, "max_running": S.integer,
            ]),
            "AgentList": S.response(["session_id": S.string, "agents": S.array(S.ref("Agent"))]),
            "AgentInfo": S.response(["index": S.integer, "name": S.string, "role": S.string, "model": S.string]),
            "TaskResponse": S.response([
                "task_id": S.string, "title": S.string, "description": S.string,
                "result": S.nullableString, "completed_at": S.nullableDateTime,
                "agent": ["oneOf": [S.ref("AgentInfo"), ["type": "null"]]],
            ]),
            "TaskResponseList": S.response(["session_id": S.string, "responses": S.array(S.ref("TaskResponse"))]),
            "FeedbackRequest": S.request(
                ["context": S.string, "question": S.string, "model": nullableModel],
                required: ["context", "question"]
            ),
            "CreateSessionRequest": S.request(
                ["system_prompt": S.nullableString, "title": S.nullableString, "tags": nullableStrings],
                required: []
            ),
            "SessionFeedbackRequest": S.request(
                ["session_id": S.string, "context": S.string, "question": S.string, "model": nullableModel],
                required: ["session_id", "context", "question"]
            ),
            "FeedbackSections": sections,
            "Feedback": S.response([
                "feedback": S.string,
                "structured": S.ref("FeedbackSections"),
                "metadata": S.ref("FeedbackMetadata"),
            ]),
            "FeedbackMetadata": S.response(["source_model": S.string, "timestamp": S.dateTime]),
        ]
    }

    /// `POST /multi-agent/create`: the lists, when given, have exactly `num_agents` entries, which
    /// JSON Schema says with one `oneOf` branch per possible count.
    private static func createMultiAgentRequest(maxAgents: Int, model: JSONValue) -> JSONValue {
        typealias S = OpenAPISchema
        let lists: [(name: String, items: JSONValue, description: String)] = [
            (
                "agent_names", S.name,
                "names, unique case-insensitively (which JSON Schema cannot say), without white space at either end; default Agent 1, Agent 2, ..."
            ),
            ("agent_roles", S.string, "roles; default Assistant 1, Assistant 2, ..."),
            (
                "agent_models", model,
                "models (`provider:model` or a model of the default provider); default the server's"
            ),
            (
                "agent_max_running",
                [
                    "type": "integer", "minimum": 1,
                    "maximum": .number(Double(CreateMultiAgentRequest.maxRunningLimit)),
                ],
                "limits: how many of each agent's tasks may be in progress at once, across every process; default 1"
            ),
        ]
        var properties: [String: JSONValue] = [
            "num_agents": ["type": "integer", "minimum": 1, "maximum": .number(Double(maxAgents))],
            "system_prompt": S.nullableString,
            "title": S.nullableString,
            "tags": ["type": ["array", "null"], "items": S.string],
        ]
        for list in lists {
            properties[list.name] = [
                "type": ["array", "null"], "items": list.items, "maxItems": .number(Double(maxAgents)),
                "description": .string("num_agents \(list.description)"),
            ]
        }
        if let names = properties["agent_names"]?.objectValue {
            properties["agent_names"] = .object(names.merging(["uniqueItems": true]) { _, new in new })
        }
        let counts = (1...maxAgents).map { count -> JSONValue in
            var branch: [String: JSONValue] = ["num_agents": ["const": .number(Double(count))]]
            for list in lists {
                branch[list.name] = ["minItems": .number(Double(count)), "maxItems": .number(Double(count))]
            }
            return ["properties": .object(branch)]
        }
        var schema = S.request(properties, required: ["num_agents"])
        if case .object(var members) = schema {
            members["oneOf"] = .array(counts)
            schema = .object(members)
        }
        return schema
    }
}
