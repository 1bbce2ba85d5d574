//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AIProviders

/// The tools an agent works with (DESIGN.md section 6). Their names and parameters are a contract.
///
/// | tool | parameters |
/// |---|---|
/// | `delegate_task` | `agent` (one of the other agents' names), `title`, `description` |
/// | `complete_task` | `result` |
/// | `fail_task` | `reason` |
/// | `add_context` | `key`, `value` |
/// | `post_update` | `content` |
/// | `give_feedback` | `task_id`, `feedback` |
public enum AgentTools: Sendable {
    /// `delegate_task`: create a subtask assigned to another agent.
    public static let delegateTask = "delegate_task"
    /// `complete_task`: complete the current task with a result.
    public static let completeTask = "complete_task"
    /// `fail_task`: fail the current task with a reason.
    public static let failTask = "fail_task"
    /// `add_context`: set a key/value context entry on the current task.
    public static let addContext = "add_context"
    /// `post_update`: append a progress update to the current task.
    public static let postUpdate = "post_update"
    /// `give_feedback`: attach feedback to another task of the session.
    public static let giveFeedback = "give_feedback"

    /// All tool names, in the order the tools are offered.
    public static let names = [delegateTask, completeTask, failTask, addContext, postUpdate, giveFeedback]

    /// The tool specifications offered to an agent.
    /// - Parameter otherAgents: The names of the session's other agents, the values `delegate_task`
    ///   accepts; when empty, `delegate_task` is left out (there is nobody to delegate to).
    /// - Returns: The tools, with JSON Schemas of their arguments.
    public static func specs(otherAgents: [String]) -> [ToolSpec] {
        var tools: [ToolSpec] = []
        if !otherAgents.isEmpty {
            tools.append(
                ToolSpec(
                    name: delegateTask,
                    description: "Delegate a subtask to another agent of the session. Your task waits until its "
                        + "subtasks finish; then you continue with their results.",
                    parameters: schema(
                        [
                            "agent": [
                                "type": "string", "enum": .array(otherAgents.map { .string($0) }),
                                "description": "The name of the agent to delegate to.",
                            ],
                            "title": ["type": "string", "description": "A short title of the subtask."],
                            "description": ["type": "string", "description": "What exactly the agent has to do."],
                        ],
                        required: ["agent", "title", "description"]
                    )
                )
            )
        }
        tools.append(contentsOf: [
            ToolSpec(
                name: completeTask,
                description: "Complete your current task with its result.",
                parameters: schema(
                    ["result": ["type": "string", "description": "The full result of the task."]],
                    required: ["result"]
                )
            ),
            ToolSpec(
                name: failTask,
                description: "Give up on your current task, saying why.",
                parameters: schema(
                    ["reason": ["type": "string", "description": "Why the task cannot be done."]],
                    required: ["reason"]
                )
            ),
            ToolSpec(
                name: addContext,
                description: "Store a key/value note on your current task; a key set again is replaced.",
                parameters: schema(
                    [
                        "key": ["type": "string", "description": "The note's key."],
                        "value": ["type": "string", "description": "The note's value."],
                    ],
                    required: ["key", "value"]
                )
            ),
            ToolSpec(
                name: postUpdate,
                description: "Post a progress update on your current task.",
                parameters: schema(
                    ["content": ["type": "string", "description": "The update."]],
                    required: ["content"]
                )
            ),
            ToolSpec(
                name: giveFeedback,
                description: "Give feedback on another task of the session (by its id).",
                parameters: schema(
                    [
                        "task_id": ["type": "string", "description": "The id of the task the feedback is about."],
                        "feedback": ["type": "string", "description": "The feedback."],
                    ],
                    required: ["task_id", "feedback"]
                )
            ),
        ])
        return tools
    }

    private static func schema(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        [
            "type": "object",
            "properties": .object(properties),
            "required": .array(required.map { .string($0) }),
            "additionalProperties": false,
        ]
    }
}
