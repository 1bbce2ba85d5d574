//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIOrchestrator
import Foundation
import Testing

@Suite struct FeedbackParserTests {
    @Test(arguments: [
        "FEEDBACK_SUMMARY:\nThe plan is sound.",
        "FEEDBACK_SUMMARY: The plan is sound.",
        "## FEEDBACK_SUMMARY\nThe plan is sound.",
        "## FEEDBACK_SUMMARY: The plan is sound.",
        "**FEEDBACK_SUMMARY**\nThe plan is sound.",
        "**FEEDBACK_SUMMARY**: The plan is sound.",
        "**FEEDBACK_SUMMARY:** The plan is sound.",
        "### **FEEDBACK_SUMMARY:**\nThe plan is sound.",
        "1. FEEDBACK_SUMMARY - The plan is sound.",
        "**Feedback Summary:** The plan is sound.",
        "Feedback summary:\nThe plan is sound.",
        "__FEEDBACK_SUMMARY__ The plan is sound.",
    ])
    func readsEveryMarkerStyle(_ text: String) {
        let sections = FeedbackParser.parse(text)
        #expect(sections.feedbackSummary == "The plan is sound.")
    }

    @Test func splitsAllFiveSections() {
        let text = """
            Here is my feedback.

            FEEDBACK_SUMMARY: Good start.

            ## REASONING_ASSESSMENT
            Strong on data,
            weak on causes.

            **KNOWLEDGE_GAPS:** Tidal forces.
            **SUGGESTED_APPROACH**
            Read a physics text.
            ADDITIONAL_CONSIDERATIONS: None.
            """
        let sections = FeedbackParser.parse(text)
        #expect(sections.feedbackSummary == "Good start.")
        #expect(sections.reasoningAssessment == "Strong on data,\nweak on causes.")
        #expect(sections.knowledgeGaps == "Tidal forces.")
        #expect(sections.suggestedApproach == "Read a physics text.")
        #expect(sections.additionalConsiderations == "None.")
    }

    @Test func proseMentioningASectionIsNotAMarker() {
        let sections = FeedbackParser.parse(
            "FEEDBACK_SUMMARY: ok\nThe suggested approach below is short.\nKnowledge gaps are few"
        )
        #expect(sections.feedbackSummary == "ok\nThe suggested approach below is short.\nKnowledge gaps are few")
        #expect(sections.suggestedApproach.isEmpty)
        #expect(sections.knowledgeGaps.isEmpty)
    }

    @Test func streamingGivesTheSameSectionsWhateverTheChunks() {
        let text = "**FEEDBACK_SUMMARY:** Fine.\nREASONING_ASSESSMENT:\nSolid\r\nKNOWLEDGE_GAPS: none"
        let whole = FeedbackParser.parse(text)
        for size in [1, 2, 5, 13] {
            var parser = FeedbackParser()
            var updates: [FeedbackParser.Update] = []
            var rest = Substring(text)
            while !rest.isEmpty {
                updates += parser.consume(String(rest.prefix(size)))
                rest = rest.dropFirst(size)
            }
            #expect(parser.finish() == whole)
            #expect(updates.map(\.section) == [.feedbackSummary, .reasoningAssessment])
        }
        #expect(whole.knowledgeGaps == "none")
        #expect(whole.reasoningAssessment == "Solid")
    }

    @Test func sectionsEncodeWithTheOriginalKeys() throws {
        var sections = FeedbackSections()
        sections[.knowledgeGaps] = "gaps"
        let json = try JSONValue(parsing: String(decoding: try JSONEncoder().encode(sections), as: UTF8.self))
        #expect(json["KNOWLEDGE_GAPS"] == "gaps")
        #expect(json["FEEDBACK_SUMMARY"] == "")
    }
}
