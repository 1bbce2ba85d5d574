//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

/// How long a provider call may wait at each stage.
///
/// AsyncHTTPClient's own deadline stops once the response head has arrived; the idle timeout
/// is enforced by the provider itself between body chunks, so a stream that stalls fails with
/// a `.timeout` error instead of hanging.
public struct ProviderTimeouts: Sendable, Hashable {
    /// Time to open the connection (default 10 s). It is part of the head deadline; give the
    /// transport's HTTP client the same connect timeout to enforce it on its own.
    public var connect: Duration
    /// Time from the request being sent to the response head (default 120 s; models can think
    /// for a long time before they answer).
    public var firstByte: Duration
    /// The longest gap between two chunks of the body (default 120 s).
    public var idle: Duration

    /// Creates timeouts.
    /// - Parameters:
    ///   - connect: Time to connect (default 10 s).
    ///   - firstByte: Time to the response head (default 120 s).
    ///   - idle: The longest gap between body chunks (default 120 s).
    public init(connect: Duration = .seconds(10), firstByte: Duration = .seconds(120), idle: Duration = .seconds(120)) {
        self.connect = connect
        self.firstByte = firstByte
        self.idle = idle
    }
}
