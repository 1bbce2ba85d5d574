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

/// The stored form of one model turn (``TaskTurn/payload``): the transcript messages the turn
/// added and how the turn left the task.
struct TurnRecord: Codable, Sendable, Hashable {
    /// How the turn left the task.
    enum Outcome: String, Codable, Sendable {
        /// The agent takes another turn.
        case `continue`
        /// The task waits for its subtasks.
        case waiting
        /// The task finished.
        case finished
    }

    /// The payload format version.
    var version = 1
    /// Messages the turn added: orchestrator notes before the call, the model's answer, and the
    /// results of its actions.
    var messages: [ChatMessage]
    /// How the turn left the task.
    var outcome: Outcome

    init(messages: [ChatMessage], outcome: Outcome) {
        self.messages = messages
        self.outcome = outcome
    }

    func encoded() throws -> Data {
        try JSONEncoder.ai2ai.encode(self)
    }

    static func decode(_ turn: TaskTurn) throws -> TurnRecord {
        do {
            return try JSONDecoder.ai2ai.decode(TurnRecord.self, from: turn.payload)
        } catch {
            throw AI2AIError(.storage, "Turn \(turn.index) of task \(turn.taskID) cannot be read: \(error)")
        }
    }
}
