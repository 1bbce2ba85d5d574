//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore

/// One thing an agent asked for in a turn, from a tool call or a fenced block.
public enum AgentAction: Sendable, Hashable {
    /// Create a subtask for another agent (named by name, role or id).
    case delegate(agent: String, title: String, description: String)
    /// Complete the current task.
    case complete(result: String)
    /// Fail the current task.
    case fail(reason: String)
    /// Set a context entry on the current task.
    case addContext(key: String, value: String)
    /// Append a progress update to the current task.
    case postUpdate(content: String)
    /// Attach feedback to another task of the session.
    case giveFeedback(taskID: String, feedback: String)

    /// The tool name of the action (`delegate_task`, `complete_task`, ...).
    public var toolName: String {
        switch self {
        case .delegate: AgentTools.delegateTask
        case .complete: AgentTools.completeTask
        case .fail: AgentTools.failTask
        case .addContext: AgentTools.addContext
        case .postUpdate: AgentTools.postUpdate
        case .giveFeedback: AgentTools.giveFeedback
        }
    }

    /// Reads an action from a tool name (or a fenced-block tag) and its JSON arguments.
    ///
    /// Accepts the tool names of ``AgentTools`` and the block tags of the original ai2ai-feedback
    /// system: `complete`, `delegate` (`{"task": {"title", "description"}, "delegate_to"}`),
    /// `context`, and the short forms `fail`, `update`, `feedback`. String fields given as another
    /// JSON value are kept as that value's JSON text.
    /// - Returns: The action, or a message for the model saying what is wrong.
    public static func parse(name: String, arguments: JSONValue) -> Result<AgentAction, ActionError> {
        guard let kind = Self.kinds[name.lowercased()] else {
            return .failure(
                ActionError("Unknown action '\(name)'. Available: \(AgentTools.names.joined(separator: ", ")).")
            )
        }
        guard case .object(let object) = arguments else {
            return .failure(ActionError("The arguments of \(kind) must be a JSON object."))
        }
        func field(_ keys: String..., in object: [String: JSONValue] = object) -> String? {
            for key in keys {
                switch object[key] {
                case .string(let value)?: return value
                case .null?, nil: continue
                case let value?: return value.jsonString
                }
            }
            return nil
        }
        func missing(_ fields: String) -> Result<AgentAction, ActionError> {
            .failure(ActionError("\(kind) needs \(fields)."))
        }
        switch kind {
        case AgentTools.delegateTask:
            let task = object["task"]?.objectValue ?? object
            guard let agent = field("agent", "delegate_to", "agent_name") else {
                return missing("'agent' (or 'delegate_to')")
            }
            guard let title = field("title", in: task) else { return missing("a 'title'") }
            guard let description = field("description", in: task) else { return missing("a 'description'") }
            return .success(.delegate(agent: agent, title: title, description: description))
        case AgentTools.completeTask:
            guard let result = field("result") else { return missing("a 'result'") }
            return .success(.complete(result: result))
        case AgentTools.failTask:
            guard let reason = field("reason", "error") else { return missing("a 'reason'") }
            return .success(.fail(reason: reason))
        case AgentTools.addContext:
            guard let key = field("key"), let value = field("value") else { return missing("a 'key' and a 'value'") }
            return .success(.addContext(key: key, value: value))
        case AgentTools.postUpdate:
            guard let content = field("content", "update", "message") else { return missing("a 'content'") }
            return .success(.postUpdate(content: content))
        default:
            guard let taskID = field("task_id"), let feedback = field("feedback", "content") else {
                return missing("a 'task_id' and a 'feedback'")
            }
            return .success(.giveFeedback(taskID: taskID, feedback: feedback))
        }
    }

    /// Tool names and block tags, lower-cased, mapped to the tool they mean.
    static let kinds: [String: String] = [
        "delegate_task": AgentTools.delegateTask, "delegate": AgentTools.delegateTask,
        "complete_task": AgentTools.completeTask, "complete": AgentTools.completeTask,
        "fail_task": AgentTools.failTask, "fail": AgentTools.failTask,
        "add_context": AgentTools.addContext, "context": AgentTools.addContext,
        "post_update": AgentTools.postUpdate, "update": AgentTools.postUpdate,
        "give_feedback": AgentTools.giveFeedback, "feedback": AgentTools.giveFeedback,
    ]
}

/// Why an action could not be read or carried out; the message is shown to the model.
public struct ActionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The explanation given to the model.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
