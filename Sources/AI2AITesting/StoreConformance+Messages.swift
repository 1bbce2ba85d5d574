//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Foundation

extension StoreConformance {
    /// `appendMessages(_:usage:)` stores messages and usage in one transaction: in order, nothing
    /// of a refused call, and concurrent exchanges never interleave.
    @Sendable static func appendMessagesIsAtomic(_ store: any AgentStore) async throws {
        let fixture = try await Fixture.make(store)
        let session = fixture.session.id
        func exchange(_ name: String) -> [SessionMessage] {
            [
                SessionMessage(sessionID: session, role: "user", content: "question \(name)", createdAt: Fixture.epoch),
                SessionMessage(
                    sessionID: session,
                    role: "assistant",
                    content: "answer \(name)",
                    createdAt: Fixture.epoch
                ),
            ]
        }
        func usage(in session: SessionID) -> UsageRecord {
            UsageRecord(sessionID: session, model: "m", inputTokens: 3, outputTokens: 4, createdAt: Fixture.epoch)
        }
        try await store.appendMessages(exchange("first"), usage: [usage(in: session)])
        try requireEqual(
            try await store.messages(in: session).map(\.content),
            ["question first", "answer first"],
            "messages of one exchange, in order"
        )
        try requireEqual(try await store.usage(.session(session)).totalTokens, 7, "usage of one exchange")

        try await requireThrows(.notFound, "an exchange with a message in an unknown session") {
            try await store.appendMessages(
                exchange("lost") + [
                    SessionMessage(sessionID: "missing", role: "user", content: "x", createdAt: Fixture.epoch)
                ],
                usage: [usage(in: session)]
            )
        }
        try await requireThrows(.notFound, "an exchange with usage of an unknown session") {
            try await store.appendMessages(exchange("lost"), usage: [usage(in: "missing")])
        }
        try requireEqual(try await store.messages(in: session).count, 2, "nothing of a refused exchange")
        try requireEqual(try await store.usage(.session(session)).calls, 1, "no usage of a refused exchange")

        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask { try await store.appendMessages(exchange("\(index)"), usage: [usage(in: session)]) }
            }
            try await group.waitForAll()
        }
        let contents = try await store.messages(in: session).map(\.content)
        try requireEqual(contents.count, 42, "messages of 21 exchanges")
        for position in stride(from: 0, to: contents.count, by: 2) {
            let name = contents[position].dropFirst("question ".count)
            try requireEqual(contents[position + 1], "answer \(name)", "the answer right after its question")
        }
        try requireEqual(try await store.usage(.session(session)).calls, 21, "usage of 21 exchanges")
    }
}
