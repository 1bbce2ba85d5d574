//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import AI2AIProviders
public import AI2AIStorage
import Foundation
public import Logging

/// Asks a (usually larger) model to critique some reasoning, as the original ai2ai-feedback
/// system's `/feedback` endpoints do. The answer comes back whole or streamed, split into the five
/// ``FeedbackSection``s.
///
/// Session variants keep a conversation: earlier exchanges of the session (its
/// ``SessionMessage``s) go into the prompt, and each new exchange is appended as a user message and
/// an assistant message.
///
/// ```swift
/// let service = FeedbackService(store: store, models: registry)
/// let feedback = try await service.feedback(context: "I think the bug is in the parser because ...",
///                                           question: "Is my reasoning sound?")
/// print(feedback.sections.suggestedApproach)
/// ```
public struct FeedbackService: Sendable {
    /// How the service asks for feedback.
    public struct Configuration: Sendable {
        /// The model used when a call names none; `nil` uses the registry's `feedbackModel`
        /// (`FEEDBACK_MODEL`), then its default model.
        public var model: String?
        /// The system prompt that asks for the five sections.
        public var systemPrompt: String
        /// The most tokens an answer may have; `nil` leaves it to the provider.
        public var maxTokens: Int?
        /// The sampling temperature; `nil` leaves it to the provider.
        public var temperature: Double?
        /// How many earlier session messages go into a session-scoped prompt. Default 20.
        public var historyLimit: Int
        /// Where the service reads the time it stamps on sessions, messages, usage and answers.
        /// Default ``SystemClock``.
        public var clock: any AI2AIClock

        /// Creates a configuration.
        /// - Parameters:
        ///   - model: The default model (for example from `FEEDBACK_MODEL`).
        ///   - systemPrompt: The system prompt; ``defaultSystemPrompt`` by default.
        ///   - maxTokens: Answer length limit.
        ///   - temperature: Sampling temperature.
        ///   - historyLimit: Earlier session messages in the prompt. Default 20.
        ///   - clock: Where the time is read. Default ``SystemClock``.
        public init(
            model: String? = nil,
            systemPrompt: String = Configuration.defaultSystemPrompt,
            maxTokens: Int? = nil,
            temperature: Double? = nil,
            historyLimit: Int = 20,
            clock: any AI2AIClock = SystemClock()
        ) {
            self.model = model
            self.systemPrompt = systemPrompt
            self.maxTokens = maxTokens
            self.temperature = temperature
            self.historyLimit = historyLimit
            self.clock = clock
        }

        /// The system prompt of the original system, asking for the five sections.
        public static let defaultSystemPrompt = """
            You are an expert advisor providing feedback to another AI.
            Your goal is to help the other AI improve its reasoning and problem-solving.
            Provide clear, specific feedback that addresses the question or challenge presented.
            Structure your response as follows:

            FEEDBACK_SUMMARY: Brief summary of the key issue or insight

            REASONING_ASSESSMENT: Evaluate the reasoning approach, identifying strengths and weaknesses

            KNOWLEDGE_GAPS: Identify any missing information or knowledge that would help

            SUGGESTED_APPROACH: Provide a clear suggestion for how to proceed

            ADDITIONAL_CONSIDERATIONS: Mention any other factors that should be considered
            """
    }

    /// The store session conversations are kept in.
    public let store: any AgentStore
    /// The models feedback is asked from.
    public let models: ModelRegistry
    /// The service's configuration.
    public let configuration: Configuration
    let logger: Logger

    /// Creates a feedback service.
    /// - Parameters:
    ///   - store: Where session conversations are kept.
    ///   - models: The providers model strings resolve against.
    ///   - configuration: Default model, prompt and limits.
    ///   - logger: The logger; the task-local logger by default.
    public init(
        store: any AgentStore,
        models: ModelRegistry,
        configuration: Configuration = Configuration(),
        logger: Logger = .current
    ) {
        self.store = store
        self.models = models
        self.configuration = configuration
        self.logger = logger
    }

    /// Asks for feedback on some reasoning.
    /// - Parameters:
    ///   - context: The reasoning so far.
    ///   - question: What the feedback should address.
    ///   - model: The model (`provider:model`); `nil` for the configured default.
    /// - Returns: The answer and its sections.
    /// - Throws: ``ProviderError`` when the model call fails.
    public func feedback(context: String, question: String, model: String? = nil) async throws -> Feedback {
        let (provider, request) = try prepare(
            history: [],
            sessionPrompt: nil,
            context: context,
            question: question,
            model: model
        )
        return try await Self.collect(
            provider.stream(request),
            model: request.model,
            clock: configuration.clock,
            onEvent: { _ in }
        )
    }

    /// Creates a session for session-scoped feedback (a session without agents).
    /// - Returns: The stored session.
    public func createSession(
        title: String? = nil,
        systemPrompt: String? = nil,
        tags: [String] = []
    ) async throws -> Session {
        let session = Session(title: title, systemPrompt: systemPrompt, tags: tags, createdAt: configuration.clock.now)
        try await store.createSession(session, agents: [])
        return session
    }

    /// Asks for feedback within a session: the session's earlier exchanges go into the prompt, and
    /// the new exchange is appended to the session as two messages.
    /// - Throws: ``AI2AIError`` `.notFound` for an unknown session; ``ProviderError``.
    public func feedback(
        in session: SessionID,
        context: String,
        question: String,
        model: String? = nil
    ) async throws -> Feedback {
        let (provider, request) = try await prepare(
            session: session,
            context: context,
            question: question,
            model: model
        )
        let feedback = try await Self.collect(
            provider.stream(request),
            model: request.model,
            clock: configuration.clock,
            onEvent: { _ in }
        )
        try await record(feedback, in: session, context: context, question: question)
        return feedback
    }

    /// Stores a finished session exchange and its usage.
    func record(_ feedback: Feedback, in session: SessionID, context: String, question: String) async throws {
        // One write: concurrent exchanges on a session never interleave their messages.
        let now = configuration.clock.now
        try await store.appendMessages(
            [
                SessionMessage(
                    sessionID: session,
                    role: "user",
                    content: Self.userMessage(context: context, question: question),
                    createdAt: now
                ),
                SessionMessage(sessionID: session, role: "assistant", content: feedback.text, createdAt: now),
            ],
            usage: [
                UsageRecord(
                    sessionID: session,
                    model: feedback.model,
                    inputTokens: feedback.usage?.inputTokens ?? 0,
                    outputTokens: feedback.usage?.outputTokens ?? 0,
                    createdAt: feedback.createdAt
                )
            ]
        )
    }

    /// How an exchange's question is kept in the session.
    static func userMessage(context: String, question: String) -> String {
        "Context: \(context)\nQuestion: \(question)"
    }

    func prepare(
        session: SessionID,
        context: String,
        question: String,
        model: String?
    ) async throws
        -> (any ModelProvider, ModelRequest)
    {
        let stored = try await store.session(session)
        let history = try await store.messages(in: session).filter { $0.role != "system" }.suffix(
            max(configuration.historyLimit, 0)
        )
        return try prepare(
            history: Array(history),
            sessionPrompt: stored.systemPrompt,
            context: context,
            question: question,
            model: model
        )
    }

    func prepare(
        history: [SessionMessage],
        sessionPrompt: String?,
        context: String,
        question: String,
        model: String?
    ) throws
        -> (any ModelProvider, ModelRequest)
    {
        let resolution = try models.resolve(model ?? configuration.model ?? models.feedbackModel ?? "")
        var system = configuration.systemPrompt
        if let sessionPrompt, !sessionPrompt.isEmpty { system += "\n\n" + sessionPrompt }
        var prompt = ""
        if !history.isEmpty {
            system += "\n\nThe conversation history is provided for context. Focus on the most recent question."
            prompt =
                "Conversation history:\n"
                + history.map { "\($0.role.prefix(1).uppercased() + $0.role.dropFirst()): \($0.content)" }.joined(
                    separator: "\n\n"
                )
                + "\n\n"
        }
        prompt +=
            "The assistant is working on a problem and has requested feedback. Here is their current reasoning:\n\n"
            + "\(context)\n\nSpecific feedback request: \(question)"
        let request = ModelRequest(
            model: resolution.model,
            messages: [.system(system), .user(prompt)],
            maxTokens: configuration.maxTokens,
            temperature: configuration.temperature
        )
        return (resolution.provider, request)
    }

    /// Reads a model stream, reporting chunks and section updates, into a ``Feedback``.
    static func collect(
        _ stream: AsyncThrowingStream<ModelStreamEvent, any Error>,
        model: String,
        clock: any AI2AIClock,
        onEvent: (FeedbackEvent) -> Void
    ) async throws -> Feedback {
        var accumulator = ModelResponseAccumulator()
        var parser = FeedbackParser()
        for try await event in stream {
            accumulator.apply(event)
            guard case .textDelta(let text) = event, !text.isEmpty else { continue }
            onEvent(.chunk(text))
            for update in parser.consume(text) {
                onEvent(.sectionUpdate(update.section, added: update.text, sections: parser.sections))
            }
        }
        // The last line usually has no newline: its section grows only now.
        for update in parser.flush() {
            onEvent(.sectionUpdate(update.section, added: update.text, sections: parser.sections))
        }
        let response = accumulator.response
        let sections = parser.finish()
        let feedback = Feedback(
            text: response.text,
            sections: sections,
            model: response.model ?? model,
            usage: response.usage,
            createdAt: clock.now
        )
        onEvent(.completed(feedback))
        return feedback
    }
}
