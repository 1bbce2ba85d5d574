//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// How long a provider call may wait at each stage, measured on the provider's clock.
///
/// Each attempt of a call (one HTTP request) must get its response head within ``connect`` +
/// ``firstByte``; then the body must make progress at least every ``idle``; and the whole attempt
/// must end within ``total``. Progress is an event of the answer (text, a tool call, usage, the
/// finish): comments and keep-alives (`: OPENROUTER PROCESSING`, Anthropic's `ping`) are not. A
/// call cut off by a timeout fails with a `.timeout` error that names it; like a dropped
/// connection it is retried while nothing was delivered.
///
/// The server and the CLI read the connect, idle and total timeouts from
/// `AI2AI_MODEL_CONNECT_TIMEOUT_SECONDS`, `AI2AI_MODEL_IDLE_TIMEOUT_SECONDS` and
/// `AI2AI_MODEL_TIMEOUT_SECONDS` (``init(environment:)``).
public struct ProviderTimeouts: Sendable, Hashable {
    /// Time to open the connection (default 10 s). It is part of the head deadline; the default
    /// transport's client also uses 10 s as its own connect timeout.
    public var connect: Duration
    /// Time from the request being sent to the response head (default 120 s; models can think
    /// for a long time before they answer).
    public var firstByte: Duration
    /// The longest the body may go without progress (default 120 s). Comments do not count.
    public var idle: Duration
    /// The longest one attempt may take in all, head and body (default 600 s).
    public var total: Duration

    /// Creates timeouts.
    /// - Parameters:
    ///   - connect: Time to connect (default 10 s).
    ///   - firstByte: Time to the response head (default 120 s).
    ///   - idle: The longest time without progress in the body (default 120 s).
    ///   - total: The longest time for one attempt (default 600 s).
    public init(
        connect: Duration = .seconds(10),
        firstByte: Duration = .seconds(120),
        idle: Duration = .seconds(120),
        total: Duration = .seconds(600)
    ) {
        self.connect = connect
        self.firstByte = firstByte
        self.idle = idle
        self.total = total
    }

    /// The variable that sets ``connect``, in seconds.
    public static let connectVariable = "AI2AI_MODEL_CONNECT_TIMEOUT_SECONDS"
    /// The variable that sets ``idle``, in seconds.
    public static let idleVariable = "AI2AI_MODEL_IDLE_TIMEOUT_SECONDS"
    /// The variable that sets ``total``, in seconds.
    public static let totalVariable = "AI2AI_MODEL_TIMEOUT_SECONDS"

    /// The default timeouts, with ``connect``, ``idle`` and ``total`` from
    /// `AI2AI_MODEL_CONNECT_TIMEOUT_SECONDS` (default 10), `AI2AI_MODEL_IDLE_TIMEOUT_SECONDS`
    /// (default 120) and `AI2AI_MODEL_TIMEOUT_SECONDS` (default 600) when they are set.
    /// - Parameter environment: The variables.
    /// - Throws: ``ProviderError`` of kind `.configuration`, naming the variable, when a value is
    ///   not a positive number of seconds.
    public init(environment: [String: String]) throws(ProviderError) {
        self.init()
        if let connect = try Self.seconds(Self.connectVariable, in: environment) { self.connect = connect }
        if let idle = try Self.seconds(Self.idleVariable, in: environment) { self.idle = idle }
        if let total = try Self.seconds(Self.totalVariable, in: environment) { self.total = total }
    }

    private static func seconds(_ variable: String, in environment: [String: String]) throws(ProviderError) -> Duration?
    {
        guard let text = environment[variable]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return nil
        }
        guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= 31_536_000 else {
            throw ProviderError(
                .configuration,
                message: "\(variable) must be a positive number of seconds, not '\(text)'"
            )
        }
        return .seconds(seconds)
    }
}
