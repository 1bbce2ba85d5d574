//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore

/// What ``Orchestrator/createSession(_:)`` creates: a session and its agents.
///
/// ```swift
/// let session = try await orchestrator.createSession(SessionSpec(
///     title: "Essay",
///     agents: [
///         AgentSpec(name: "Coordinator", role: "Plans and merges", model: "openrouter:openai/gpt-4o"),
///         AgentSpec(name: "Writer", role: "Writes drafts", model: "ollama:llama3.2"),
///     ]
/// ))
/// ```
public struct SessionSpec: Sendable, Hashable {
    /// A human-readable title.
    public var title: String?
    /// A system prompt shared by every agent.
    public var systemPrompt: String?
    /// Free-form labels.
    public var tags: [String]
    /// The agents, in index order (the first is index 0). Names must be unique and non-empty.
    public var agents: [AgentSpec]

    /// Creates a session specification.
    public init(title: String? = nil, systemPrompt: String? = nil, tags: [String] = [], agents: [AgentSpec]) {
        self.title = title
        self.systemPrompt = systemPrompt
        self.tags = tags
        self.agents = agents
    }
}

/// One agent of a ``SessionSpec``.
public struct AgentSpec: Sendable, Hashable {
    /// The agent's name, unique within its session; other agents delegate to it by this name.
    public var name: String
    /// What the agent does.
    public var role: String
    /// The model, as `provider:model` or a bare model of the registry's default provider; empty
    /// means the registry's default model.
    public var model: String
    /// Whether the model uses native tool calls or fenced blocks.
    public var actionFormat: Agent.ActionFormat
    /// How many of the agent's tasks may be in progress at once, across every process sharing the
    /// store (``AI2AICore/Agent/maxRunning``); `nil` takes
    /// ``Orchestrator/Limits/maxConcurrentTasksPerAgent``.
    public var maxRunning: Int?

    /// Creates an agent specification.
    public init(
        name: String,
        role: String,
        model: String = "",
        actionFormat: Agent.ActionFormat = .toolCalls,
        maxRunning: Int? = nil
    ) {
        self.name = name
        self.role = role
        self.model = model
        self.actionFormat = actionFormat
        self.maxRunning = maxRunning
    }
}
