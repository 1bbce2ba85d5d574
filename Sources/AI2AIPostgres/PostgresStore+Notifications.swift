//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Logging
import PostgresNIO

// Wake-ups across processes: a transaction that makes a task ready to claim sends a notification
// on `ai2ai_work` (LISTEN/NOTIFY) right after its commit; readyWork() listens on a connection of its
// own. The notifications are hints: a process still polls (changeToken()), since notifications sent
// while a listener reconnects are lost.
extension PostgresStore {
    /// The channel of the work notifications.
    static let workChannel = "ai2ai_work"

    /// ``readyWork()``, which the orchestrator listens to while it runs: a task made ready by
    /// another process's commit is claimed within milliseconds, not at the next poll.
    public func readyWorkNotifications() -> AsyncStream<Void>? { readyWork() }

    /// Yields each time a transaction of any process on the database (this store's included) makes
    /// a task ready to claim: a new pending task, a task back to `pending` (released, recovered, a
    /// parent resumed), an agent started.
    ///
    /// It listens on a connection of its own, not one of the pool's (PostgreSQL `LISTEN`; it does
    /// not work through PgBouncer in transaction mode). It also yields once each time it starts
    /// listening, since notifications sent while it was not are lost; after a lost connection it
    /// connects again a second later. Wake-ups close together are merged. Stop it by ending the
    /// iteration (or cancelling the task that iterates).
    ///
    /// ```swift
    /// for await _ in store.readyWork() { await dispatcher.claimWhileSlotsAreFree() }
    /// ```
    public func readyWork() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let configuration = configuration
        let logger = logger
        let listener = Task {
            while !Task.isCancelled {
                do {
                    let settings = try PostgresSchema.connectionConfiguration(
                        configuration,
                        tls: try Self.tlsConfiguration(configuration.sslMode)
                    )
                    let connection = try await PostgresConnection.connect(
                        configuration: settings,
                        id: 0,
                        logger: logger
                    )
                    try await withTaskCancellationHandler {
                        try await connection.listen(on: Self.workChannel) { notifications in
                            continuation.yield()
                            for try await _ in notifications { continuation.yield() }
                        }
                    } onCancel: {
                        let _: EventLoopFuture<Void> = connection.close()
                    }
                    try? await connection.close()
                } catch {
                    if Task.isCancelled { break }
                    logger.debug(
                        "PostgreSQL work listener lost its connection",
                        metadata: ["error": "\(PostgresErrors.map(error, configuration))"]
                    )
                }
                try? await Task.sleep(for: .seconds(1))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in listener.cancel() }
        return stream
    }
}
