//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// `{"source_model", "timestamp"}`, the metadata of a feedback answer.
struct FeedbackMetadata: Encodable, Sendable {
    var sourceModel: String
    var timestamp: Date
    enum CodingKeys: String, CodingKey {
        case timestamp
        case sourceModel = "source_model"
    }
}

/// The answer of `POST /feedback` and `POST /session/feedback`.
struct FeedbackBody: Encodable, Sendable {
    var feedback: String
    var structured: FeedbackSections
    var metadata: FeedbackMetadata

    init(_ feedback: Feedback, timestamp: Date) {
        self.feedback = feedback.text
        self.structured = feedback.sections
        self.metadata = FeedbackMetadata(sourceModel: feedback.model, timestamp: timestamp)
    }
}

/// One `data:` event of `POST /feedback/stream` and `POST /session/feedback/stream`.
enum FeedbackStreamEvent: Encodable, Sendable {
    case metadata(FeedbackMetadata)
    case chunk(String)
    case sectionUpdate(FeedbackSection, added: String, sections: FeedbackSections)
    case structured(FeedbackSections)
    case done
    case error(String)

    enum CodingKeys: String, CodingKey { case type, content, section, sections }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .metadata(let metadata):
            try c.encode("metadata", forKey: .type)
            try c.encode(metadata, forKey: .content)
        case .chunk(let text):
            try c.encode("chunk", forKey: .type)
            try c.encode(text, forKey: .content)
        case .sectionUpdate(let section, let added, let sections):
            try c.encode("section_update", forKey: .type)
            try c.encode(section, forKey: .section)
            try c.encode(added, forKey: .content)
            try c.encode(sections, forKey: .sections)
        case .structured(let sections):
            try c.encode("structured", forKey: .type)
            try c.encode(sections, forKey: .content)
        case .done:
            try c.encode("done", forKey: .type)
        case .error(let message):
            try c.encode("error", forKey: .type)
            try c.encode(message, forKey: .content)
        }
    }
}
