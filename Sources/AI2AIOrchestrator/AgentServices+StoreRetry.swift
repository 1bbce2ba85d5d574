//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIProviders
import Logging

extension AgentServices {
    /// Runs a store call, retrying it with ``Orchestrator/Configuration/storeRetry`` while it fails
    /// with ``AI2AIError/Code/unavailable`` (a busy or locked database; nothing was written).
    /// - Throws: The call's last error; `CancellationError` when cancelled while waiting.
    func withStoreRetry<T>(_ body: () async throws -> T) async throws -> T {
        let policy = configuration.storeRetry
        var retry = 0
        while true {
            do {
                return try await body()
            } catch AI2AIError.Code.unavailable where retry < policy.maxRetries && !Task.isCancelled {
                let delay = policy.backoff(forRetry: retry)
                logger.info(
                    "The store is busy; retrying",
                    metadata: ["attempt": "\(retry + 1)", "retry.delay": "\(delay)"]
                )
                metrics.countStoreRetry()
                try await clock.sleep(for: delay)
                retry += 1
            }
        }
    }
}
