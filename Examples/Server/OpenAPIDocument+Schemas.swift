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
        // Text that must hold something besides white space.
        let text: JSONValue = ["type": "string", "pattern": "\\S"]
        let sections = S.response(
            Dictionary(uniqueKeysWithValues: FeedbackSection.allCases.map { ($0.rawValue, S.string) })
        )
        return [
            "Error": S.response(["detail": S.string("What went wrong")]),
            "Health": S.response(["status": S.enumeration(["ok"])]),
            "SessionCreated": S.response(["session_id": S.string]),
            "Success": S.response(["success": S.boolean, "message": S.string]),
            "CreateMultiAgentRequest": S.request(
                [
                    "num_agents": ["type": "integer", "minimum": 1, "maximum": .number(Double(maxAgents))],
                    "system_prompt": S.nullableString,
                    "title": S.nullableString,
                    "tags": nullableStrings,
                    "agent_names": [
                        "type": ["array", "null"], "items": text,
                        "description": "num_agents unique names (case-insensitively); default Agent 1, Agent 2, ...",
                    ],
                    "agent_roles": ["type": ["array", "null"], "items": S.string, "description": "num_agents roles"],
                    "agent_models": [
                        "type": ["array", "null"], "items": S.string,
                        "description": "num_agents models (`provider:model` or a model of the default provider)",
                    ],
                ],
                required: ["num_agents"]
            ),
            "MultiAgentMessageRequest": S.request(
                [
                    "session_id": S.string,
                    "message": text,
                    "target_agents": ["type": ["array", "null"], "items": ["type": "integer", "minimum": 0]],
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
                "index": S.integer, "name": S.string, "role": S.string, "model": S.string, "is_active": S.boolean,
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
                ["context": S.string, "question": S.string, "model": S.nullableString],
                required: ["context", "question"]
            ),
            "CreateSessionRequest": S.request(
                ["system_prompt": S.nullableString, "title": S.nullableString, "tags": nullableStrings],
                required: []
            ),
            "SessionFeedbackRequest": S.request(
                ["session_id": S.string, "context": S.string, "question": S.string, "model": S.nullableString],
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
}
