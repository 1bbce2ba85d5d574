//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import AI2AITesting
import Logging
import Synchronization
import Testing

/// A log handler that keeps every entry, for one test.
struct RecordingLogHandler: LogHandler {
    final class Store: Sendable {
        let entries = Mutex<[String]>([])
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        store.entries.withLock { $0.append("\(event.level) \(event.message) \(merged)") }
    }
}

@Suite("Logging")
struct LoggingTests {
    @Test("requests and retries are logged with provider metadata and never the key")
    func noKeysInLogs() async throws {
        let store = RecordingLogHandler.Store()
        let logger = Logger(label: "test") { _ in RecordingLogHandler(store: store) }
        let server = try await FakeProviderServer.start(responses: [
            .json(status: 500, #"{"error":{"message":"boom"}}"#),
            .json(#"{"choices":[{"index":0,"message":{"content":"ok"},"finish_reason":"stop"}]}"#),
        ])
        defer { Task { try await server.shutdown() } }
        let clock = ManualClock()
        let provider = OpenAICompatibleProvider(
            configuration: .init(
                name: "openai",
                baseURL: server.baseURL,
                apiKey: "sk-super-secret",
                retryPolicy: RetryPolicy(maxRetries: 1),
                clock: clock
            ),
            transport: AsyncHTTPClientTransport.forTesting,
            logger: logger
        )
        let (answer, _) = try await clock.skippingSleeps {
            try await provider.complete(ModelRequest(model: "m", messages: [.user("Hi")]))
        }
        #expect(answer.text == "ok")
        let entries = store.entries.withLock { $0 }
        #expect(entries.contains { $0.contains("Sending provider request") && $0.contains("provider.name") })
        #expect(entries.contains { $0.contains("Retrying provider request") && $0.contains("retry.attempt") })
        #expect(!entries.contains { $0.contains("sk-super-secret") })
        #expect(server.requests.first?.header("Authorization") == "Bearer sk-super-secret")
    }
}
