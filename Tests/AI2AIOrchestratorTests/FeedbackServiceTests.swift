//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIOrchestrator
import AI2AIProviders
import AI2AIStorage
import AI2AITesting
import Foundation
import Synchronization
import Testing

@Suite struct FeedbackServiceTests {
    static let answer = """
        **FEEDBACK_SUMMARY:** The idea is right.
        ## REASONING_ASSESSMENT
        Careful but slow.
        KNOWLEDGE_GAPS: Caching.
        SUGGESTED_APPROACH: Memoise.
        ADDITIONAL_CONSIDERATIONS: Memory use.
        """

    @Test func directFeedbackIsSplitIntoSections() async throws {
        let big = ScriptedModel([.respond(.answer(Self.answer))])
        let service = FeedbackService(
            store: InMemoryStore(),
            models: registry(["big": big]),
            configuration: .init(model: "big:test")
        )
        let feedback = try await service.feedback(context: "I loop twice", question: "Is this efficient?")
        #expect(feedback.text == Self.answer)
        #expect(feedback.sections.feedbackSummary == "The idea is right.")
        #expect(feedback.sections.reasoningAssessment == "Careful but slow.")
        #expect(feedback.sections.suggestedApproach == "Memoise.")
        #expect(feedback.model == "test")
        let request = try #require(big.requests.first)
        #expect(request.messages[0].content.contains("FEEDBACK_SUMMARY"))
        #expect(request.messages[1].content.contains("I loop twice"))
        #expect(request.messages[1].content.contains("Specific feedback request: Is this efficient?"))
    }

    @Test func streamingFeedbackSendsChunksSectionUpdatesAndTheResult() async throws {
        let big = ScriptedModel([.respond(.answer(Self.answer))], chunkSize: 5)
        let service = FeedbackService(
            store: InMemoryStore(),
            models: registry(["big": big]),
            configuration: .init(model: "big:test")
        )
        var chunks = ""
        var updated: [FeedbackSection] = []
        var lastSections: FeedbackSections?
        var completed: Feedback?
        for try await event in service.streamFeedback(context: "c", question: "q") {
            switch event {
            case .chunk(let text): chunks += text
            case .sectionUpdate(let section, _, let sections):
                if updated.last != section { updated.append(section) }
                lastSections = sections
            case .completed(let feedback): completed = feedback
            }
        }
        #expect(chunks == Self.answer)
        // The answer's last line has no newline: its section is announced when the stream ends.
        #expect(
            updated == [
                .feedbackSummary, .reasoningAssessment, .knowledgeGaps, .suggestedApproach, .additionalConsiderations,
            ]
        )
        #expect(lastSections?.additionalConsiderations.contains("Memory use.") == true)
        #expect(completed?.sections.additionalConsiderations == "Memory use.")
    }

    @Test(arguments: StoreKind.allCases)
    func sessionFeedbackKeepsTheConversation(_ kind: StoreKind) async throws {
        let big = ScriptedModel([
            .respond(.answer("FEEDBACK_SUMMARY: first advice")),
            .respond(.answer("FEEDBACK_SUMMARY: second advice")),
        ])
        let store = try kind.make()
        let service = FeedbackService(
            store: store,
            models: registry(["big": big]),
            configuration: .init(model: "big:test")
        )
        let session = try await service.createSession(title: "Advice", systemPrompt: "Be brief.")
        let first = try await service.feedback(in: session.id, context: "ctx one", question: "q one")
        #expect(first.sections.feedbackSummary == "first advice")

        var completed: Feedback?
        for try await event in service.streamFeedback(in: session.id, context: "ctx two", question: "q two") {
            if case .completed(let feedback) = event { completed = feedback }
        }
        #expect(completed?.sections.feedbackSummary == "second advice")

        let second = try #require(big.requests.last)
        #expect(second.messages[0].content.contains("Be brief."))
        #expect(second.messages[1].content.contains("User: Context: ctx one\nQuestion: q one"))
        #expect(second.messages[1].content.contains("Assistant: FEEDBACK_SUMMARY: first advice"))
        #expect(!(big.requests.first?.messages[1].content.contains("Conversation history") ?? true))

        let messages = try await store.messages(in: session.id)
        #expect(messages.map(\.role) == ["user", "assistant", "user", "assistant"])
        #expect(messages[2].content == "Context: ctx two\nQuestion: q two")
        #expect(messages[3].content == "FEEDBACK_SUMMARY: second advice")
        #expect(try await store.usage(.session(session.id)).calls == 2)
    }

    /// Two exchanges at once on one session: each question is stored right before its own answer.
    @Test func concurrentExchangesOnASessionDoNotInterleave() async throws {
        let big = ScriptedModel { request in
            let question = request.messages.last?.content.components(separatedBy: "request: ").last ?? "?"
            return .answer("FEEDBACK_SUMMARY: about \(question)")
        }
        let base = InMemoryStore()
        let questions = Counter()
        let secondQuestion = Signal()
        let firstAnswerHeld = Mutex(false)
        // The first answer written alone waits until the other exchange has written its question.
        let store = InterceptingStore(base) { call in
            guard case .appendMessage(let message) = call else { return }
            if message.role == "user", questions.next() == 2 { secondQuestion.fire() }
            let holds = message.role == "assistant" && !firstAnswerHeld.withLock { $0 }
            if holds {
                firstAnswerHeld.withLock { $0 = true }
                try await waitAtMost(.seconds(240)) { await secondQuestion.wait() }
            }
        }
        let service = FeedbackService(
            store: store,
            models: registry(["big": big]),
            configuration: .init(model: "big:test")
        )
        let session = try await service.createSession()
        async let first = service.feedback(in: session.id, context: "c", question: "one")
        async let second = service.feedback(in: session.id, context: "c", question: "two")
        _ = try await (first, second)
        let messages = try await base.messages(in: session.id)
        #expect(messages.map(\.role) == ["user", "assistant", "user", "assistant"])
        for pair in stride(from: 0, to: messages.count - 1, by: 2) {
            let question = messages[pair].content.components(separatedBy: "Question: ").last ?? ""
            #expect(messages[pair + 1].content == "FEEDBACK_SUMMARY: about \(question)")
        }
        #expect(try await base.usage(.session(session.id)).calls == 2)
    }

    @Test func unknownSessionsAndFailingModelsAreErrors() async throws {
        let failing = ScriptedModel([.fail(ProviderError(.server, status: 500, message: "boom"))])
        let store = InMemoryStore()
        let service = FeedbackService(
            store: store,
            models: registry(["big": failing]),
            configuration: .init(model: "big:test")
        )
        await #expect(throws: AI2AIError.self) {
            try await service.feedback(in: "nope", context: "c", question: "q")
        }
        let session = try await service.createSession()
        await #expect(throws: ProviderError.self) {
            for try await _ in service.streamFeedback(in: session.id, context: "c", question: "q") {}
        }
        #expect(try await store.messages(in: session.id).isEmpty)
    }
}
