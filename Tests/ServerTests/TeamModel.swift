//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import Foundation
import Synchronization

/// A fake OpenAI-compatible model for a team of three (Lead, Researcher, Writer) whose calls take
/// a while and never fail: the lead delegates to both others on its first turn and completes once
/// it has read their results; the others complete at once (the answers of ``FaultyTeamModel``).
///
/// Each answer's tool-call ids carry a marker (`call-<marker>-0`), so that a stored turn tells
/// which fake, and so which server process, answered it.
final class TeamModel: Sendable {
    private let generator: Mutex<SplitMix64>
    private let latency: ClosedRange<Duration>
    /// The marker in the tool-call ids.
    let marker: String

    /// - Parameters:
    ///   - marker: Goes into every tool-call id (letters and digits).
    ///   - latency: How long an answer takes, chosen per call by a seeded generator.
    ///   - seed: Seeds the latencies.
    init(marker: String, latency: ClosedRange<Duration>, seed: UInt64 = 1) {
        self.marker = marker
        self.latency = latency
        self.generator = Mutex(SplitMix64(seed: seed))
    }

    /// Answers one chat-completions request: the first half of the stream at once, the rest after
    /// the call's latency.
    func respond(_ request: FakeProviderRequest) -> FakeProviderResponse {
        var response = FaultyTeamModel.stream(toolCalls: FaultyTeamModel.actions(for: request))
        let text = String(decoding: response.body, as: UTF8.self)
            .replacingOccurrences(of: #""id":"call_"#, with: #""id":"call-\#(marker)-"#)
        response.body = Array(text.utf8)
        response.chunking = .splits(at: [response.body.count / 2])
        let span = latency.upperBound - latency.lowerBound
        let fraction = generator.withLock { Double.random(in: 0...1, using: &$0) }
        response.delay = latency.lowerBound + span * fraction
        return response
    }

    /// Whether a stored turn's payload holds an answer of the model with this marker.
    func answered(_ payload: Data) -> Bool {
        payload.range(of: Data("call-\(marker)-".utf8)) != nil
    }
}

/// The stored turns of a set of sessions, each attributed to the model (and so the server
/// process) whose tool-call ids it carries.
struct TurnAttribution {
    /// Turns per model, in the order of the models given.
    var turnsByModel: [Int]
    /// Turns that carry no model's marker, or several.
    var unattributed = 0
    /// Tasks whose turn numbers are not 0, 1, 2, ... once each.
    var gaps: [String] = []

    /// Reads every task's turns from `store`.
    init(sessions: [String], models: [TeamModel], store: any AgentStore) async throws {
        turnsByModel = Array(repeating: 0, count: models.count)
        for session in sessions {
            for task in try await store.tasks(.session(SessionID(session))) {
                let turns = try await store.turns(of: task.id)
                if turns.map(\.index) != Array(0..<turns.count) { gaps.append("\(task.id): \(turns.map(\.index))") }
                for turn in turns {
                    let owners = models.indices.filter { models[$0].answered(turn.payload) }
                    if owners.count == 1 { turnsByModel[owners[0]] += 1 } else { unattributed += 1 }
                }
            }
        }
    }
}
