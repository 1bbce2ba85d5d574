//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIProviders
import AI2AIStorage
import Foundation

/// The payload of a ``TurnRecord``: the transcript messages one model turn added, and the kind
/// of its ``TurnOutcome``.
///
/// Version 1 is the format of the first release; a database written by it still resumes. The
/// JSON keys and the outcome strings (`continue`, `waiting`, `finished`) must not change.
struct TurnTranscript: Codable, Sendable, Hashable {
    /// The payload format version.
    var version = 1
    /// Messages the turn added: orchestrator notes before the call, the model's answer, and the
    /// results of its actions.
    var messages: [ChatMessage]
    /// How the turn left the task, derived from the ``TurnCommit/outcome`` it was stored with.
    var outcome: TurnOutcome.Kind

    init(messages: [ChatMessage], outcome: TurnOutcome.Kind) {
        self.messages = messages
        self.outcome = outcome
    }

    func encoded() throws -> Data {
        try JSONEncoder.shared.encode(self)
    }

    static func decode(_ turn: TurnRecord) throws -> TurnTranscript {
        do {
            return try JSONDecoder.shared.decode(TurnTranscript.self, from: turn.payload)
        } catch {
            throw AI2AIError(.storage, "Turn \(turn.index) of task \(turn.taskID) cannot be read: \(error)")
        }
    }
}
