//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import ArgumentParser
import Foundation

/// `ai2ai feedback`: asks a (larger) model to critique some reasoning.
struct FeedbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Ask a model to critique some reasoning; prints the five feedback sections.",
        discussion: """
            The model is --model, else FEEDBACK_MODEL, else DEFAULT_MODEL. With --session, the \
            session's earlier exchanges go into the prompt and this one is saved (create one with \
            --new-session).
            """
    )

    @Argument(help: "The reasoning to critique.")
    var reasoning: String

    @Option(name: .long, help: "What the feedback should address.")
    var question: String

    @Option(name: .long, help: "The model, as provider:model.")
    var model: String?

    @Flag(name: .long, help: "Print the answer as it streams.")
    var stream = false

    @Option(
        name: .long,
        help: """
            Keep the exchange in this session, named by its identifier or a unique prefix (its earlier \
            exchanges go into the prompt).
            """
    )
    var session: String?

    @Flag(name: .long, help: "Create a session for the exchange and print its identifier.")
    var newSession = false

    @Flag(name: .long, help: "Print JSON: {feedback, structured, metadata}.")
    var json = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--question is empty")
        }
        if session != nil, newSession { throw ValidationError("Use --session or --new-session, not both") }
        if session != nil || newSession, !store.isPersistent {
            throw ValidationError("--db memory keeps nothing: --session and --new-session need a database file")
        }
    }

    func run() async throws {
        try await CLIFailure.reporting {
            let registry = try Preflight.registry()
            let chosen = try model ?? registry.feedbackModel ?? Preflight.defaultModel(registry)
            try await Preflight.check([chosen], registry: registry)
            let scoped = session != nil || newSession
            let store: any AgentStore =
                scoped ? try await self.store.open(mustExist: session != nil) : InMemoryStore()
            let service = FeedbackService(store: store, models: registry, configuration: .init(model: chosen))
            var sessionID: SessionID? = nil
            if let session {
                sessionID = try await SessionLookup.resolve(session, in: Orchestrator(store: store, models: registry))
            }
            if newSession {
                let created = try await service.createSession(title: question.singleLine(width: 80))
                sessionID = created.id
                Terminal.standardError.write("Session \(created.id) (in \(self.store.label))\n")
            }
            let feedback: Feedback
            if stream {
                let events =
                    if let sessionID {
                        service.streamFeedback(in: sessionID, context: reasoning, question: question, model: chosen)
                    } else {
                        service.streamFeedback(context: reasoning, question: question, model: chosen)
                    }
                var result: Feedback?
                for try await event in events {
                    switch event {
                    case .chunk(let text): if !json { Terminal.standardOutput.write(text) }
                    case .sectionUpdate: continue
                    case .completed(let done): result = done
                    }
                }
                guard let result else {
                    throw CLIFailure("The feedback stream ended without an answer", exitCode: .tasksFailed)
                }
                feedback = result
                if !json { Terminal.standardOutput.write("\n") }
            } else if let sessionID {
                feedback = try await service.feedback(
                    in: sessionID,
                    context: reasoning,
                    question: question,
                    model: chosen
                )
            } else {
                feedback = try await service.feedback(context: reasoning, question: question, model: chosen)
            }
            if json { return try Output.json(FeedbackOutput(feedback)) }
            if !stream { Terminal.standardOutput.write(Self.format(feedback)) }
        }
    }

    static func format(_ feedback: Feedback) -> String {
        let present = FeedbackSection.allCases.filter { !feedback.sections[$0].isEmpty }
        guard !present.isEmpty else { return feedback.text + "\n" }
        return present.map { "\($0.rawValue)\n\(feedback.sections[$0])\n" }.joined(separator: "\n")
    }
}

/// The JSON of `ai2ai feedback --json`, shaped like the server's POST /feedback answer.
struct FeedbackOutput: Encodable {
    struct Metadata: Encodable {
        var sourceModel: String
        var timestamp: Date
        enum CodingKeys: String, CodingKey {
            case timestamp
            case sourceModel = "source_model"
        }
    }

    var feedback: String
    var structured: FeedbackSections
    var metadata: Metadata

    init(_ feedback: Feedback) {
        self.feedback = feedback.text
        self.structured = feedback.sections
        self.metadata = Metadata(sourceModel: feedback.model, timestamp: feedback.createdAt)
    }
}
