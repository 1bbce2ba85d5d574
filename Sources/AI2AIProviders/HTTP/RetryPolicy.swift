//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// When and how long providers wait before trying a failed request again.
///
/// The rules follow the official OpenAI and Anthropic SDKs: a response header
/// `x-should-retry: true|false` decides when present; otherwise 408, 409, 429, 5xx and 529
/// answers, connection failures and timeouts are retried. The wait is `retry-after-ms`, else
/// `Retry-After` (seconds or an HTTP date), else `min(initialBackoff * 2^n, maxBackoff)` reduced by
/// up to `jitter`. A server that asks to wait longer than ``maxRetryAfter`` is not retried.
/// A stream that has already delivered content is never retried. The waits are measured on the
/// provider's ``AI2AIClock`` (its configuration's `clock`).
///
/// ```swift
/// var policy = RetryPolicy()
/// policy.maxRetries = 4
/// let provider = OllamaProvider(configuration: .init(retryPolicy: policy))
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// How many times a request may be retried after the first attempt (default 2).
    public var maxRetries: Int
    /// The first backoff (default 0.5 s); it doubles with every retry.
    public var initialBackoff: Duration
    /// The longest backoff (default 8 s).
    public var maxBackoff: Duration
    /// The longest wait a server may ask for; asking for more ends the retries (default 120 s).
    public var maxRetryAfter: Duration
    /// The largest fraction removed from a backoff at random (default 0.25).
    public var jitter: Double

    /// Creates a policy.
    /// - Parameters:
    ///   - maxRetries: Retries after the first attempt (default 2).
    ///   - initialBackoff: The first backoff (default 0.5 s).
    ///   - maxBackoff: The longest backoff (default 8 s).
    ///   - maxRetryAfter: The longest server-requested wait that is honoured (default 120 s).
    ///   - jitter: The largest fraction removed from a backoff at random (default 0.25).
    public init(
        maxRetries: Int = 2,
        initialBackoff: Duration = .milliseconds(500),
        maxBackoff: Duration = .seconds(8),
        maxRetryAfter: Duration = .seconds(120),
        jitter: Double = 0.25
    ) {
        self.maxRetries = maxRetries
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
        self.jitter = jitter
    }

    /// Never retry.
    public static var none: RetryPolicy { RetryPolicy(maxRetries: 0) }

    /// Whether a status is worth retrying when the server does not say (`x-should-retry`).
    /// - Parameter status: The HTTP status.
    /// - Returns: `true` for 408, 409, 429 and every status from 500 (529 included).
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 409 || status == 429 || status >= 500
    }

    /// The backoff before a retry, without jitter.
    /// - Parameter retry: How many retries came before (0 for the first).
    /// - Returns: `min(initialBackoff * 2^retry, maxBackoff)`.
    public func backoff(forRetry retry: Int) -> Duration {
        let factor = Double(1 << min(max(retry, 0), 30))
        let seconds = min(initialBackoff.seconds * factor, maxBackoff.seconds, 1e9)
        return .seconds(max(seconds, 0))
    }

    /// How long to wait before retry number `retry`, or `nil` to give up.
    /// - Parameters:
    ///   - retry: How many retries came before (0 for the first).
    ///   - error: The failure (its kind, status and `retryAfter` are used).
    ///   - shouldRetryHeader: The response's `x-should-retry` header, if any.
    /// - Returns: The wait, or `nil` when the error must not be retried.
    public func delay(forRetry retry: Int, after error: ProviderError, shouldRetryHeader: String? = nil) -> Duration? {
        guard retry < maxRetries else { return nil }
        switch shouldRetryHeader?.lowercased() {
        case "true": break
        case "false": return nil
        default:
            if let status = error.status {
                guard Self.isRetryable(status: status) else { return nil }
            } else {
                guard error.kind == .transport || error.kind == .timeout else { return nil }
            }
        }
        if let asked = error.retryAfter {
            if asked > maxRetryAfter { return nil }
            if asked > .zero { return asked }
        }
        let base = backoff(forRetry: retry).seconds
        let reduced = base * (1 - Double.random(in: 0...max(0, min(jitter, 1))))
        return .seconds(reduced)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
