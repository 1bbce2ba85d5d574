//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
public import Foundation

/// One of the five named sections of a feedback answer, as in the original ai2ai-feedback system.
public enum FeedbackSection: String, Sendable, Hashable, Codable, CaseIterable {
    /// A brief summary of the key issue or insight.
    case feedbackSummary = "FEEDBACK_SUMMARY"
    /// Strengths and weaknesses of the reasoning.
    case reasoningAssessment = "REASONING_ASSESSMENT"
    /// Missing information or knowledge.
    case knowledgeGaps = "KNOWLEDGE_GAPS"
    /// How to proceed.
    case suggestedApproach = "SUGGESTED_APPROACH"
    /// Other factors to consider.
    case additionalConsiderations = "ADDITIONAL_CONSIDERATIONS"
}

/// The text of each ``FeedbackSection`` of an answer (empty when the answer lacks it).
///
/// Encodes as `{"FEEDBACK_SUMMARY": ..., "REASONING_ASSESSMENT": ..., ...}`, the `structured`
/// object of the original HTTP API.
public struct FeedbackSections: Sendable, Hashable, Codable {
    private var texts: [FeedbackSection: String]

    /// Creates sections; missing ones are empty.
    public init(_ texts: [FeedbackSection: String] = [:]) {
        self.texts = texts
    }

    /// The text of a section; empty when the answer has none.
    public subscript(section: FeedbackSection) -> String {
        get { texts[section] ?? "" }
        set { texts[section] = newValue }
    }

    /// ``FeedbackSection/feedbackSummary``.
    public var feedbackSummary: String { self[.feedbackSummary] }
    /// ``FeedbackSection/reasoningAssessment``.
    public var reasoningAssessment: String { self[.reasoningAssessment] }
    /// ``FeedbackSection/knowledgeGaps``.
    public var knowledgeGaps: String { self[.knowledgeGaps] }
    /// ``FeedbackSection/suggestedApproach``.
    public var suggestedApproach: String { self[.suggestedApproach] }
    /// ``FeedbackSection/additionalConsiderations``.
    public var additionalConsiderations: String { self[.additionalConsiderations] }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.singleValueContainer().decode([String: String].self)
        texts = [:]
        for section in FeedbackSection.allCases { texts[section] = values[section.rawValue] ?? "" }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: FeedbackSection.allCases.map { ($0.rawValue, self[$0]) }))
    }
}

/// A larger model's feedback on some reasoning.
public struct Feedback: Sendable, Hashable, Codable {
    /// The whole answer.
    public var text: String
    /// The answer split into its named sections.
    public var sections: FeedbackSections
    /// The model that answered, as resolved by the registry.
    public var model: String
    /// Tokens used, when the provider reported them.
    public var usage: Usage?
    /// When the answer was complete.
    public var createdAt: Date

    /// Creates a feedback value.
    public init(text: String, sections: FeedbackSections, model: String, usage: Usage? = nil, createdAt: Date) {
        self.text = text
        self.sections = sections
        self.model = model
        self.usage = usage
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case text = "feedback"
        case sections = "structured"
        case model, usage
        case createdAt = "created_at"
    }
}

/// One event of a streamed feedback answer.
public enum FeedbackEvent: Sendable, Hashable {
    /// More of the answer's text.
    case chunk(String)
    /// Text was added to a section: the section, the text added, and all sections so far.
    case sectionUpdate(FeedbackSection, added: String, sections: FeedbackSections)
    /// The answer is complete.
    case completed(Feedback)
}
