//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import NIOCore

/// When a connection must next have made progress, from what it has read and written: the rules
/// of ``ServerConfiguration/headerTimeout`` and ``ServerConfiguration/idleTimeout`` as a state
/// machine without I/O.
///
/// - A new connection has the header timeout to send a complete request head; bytes that arrive
///   meanwhile do not extend it (a head sent one byte at a time is still closed).
/// - Between requests, a keep-alive connection may stay silent for the idle timeout; its next
///   request's first byte starts the header timeout.
/// - While a request body arrives, each gap between bytes may last the idle timeout.
/// - While an answer is being written (an event stream may last hours) there is no deadline.
struct ConnectionDeadline: Sendable, Equatable {
    /// What the connection is doing.
    enum Phase: Sendable, Equatable {
        /// Waiting for a complete request head, which must arrive by `since` + the header timeout.
        case awaitingHead(since: NIODeadline)
        /// Nothing received since the last answer ended, at `since`.
        case idle(since: NIODeadline)
        /// Reading a request body; the last bytes came at `lastRead`.
        case readingBody(lastRead: NIODeadline)
        /// Writing an answer (the request is read, or the answer ended a request still read).
        case answering
    }

    /// The time a request head may take.
    let headerTimeout: TimeAmount
    /// The time a connection may stay silent between requests or inside a body.
    let idleTimeout: TimeAmount
    /// What the connection is doing.
    private(set) var phase: Phase
    /// Requests whose answer has not ended.
    private var openRequests = 0
    /// Whether a request's head has been read and its end not yet.
    private var readingRequest = false

    /// A connection opened at `now`.
    init(headerTimeout: TimeAmount, idleTimeout: TimeAmount, openedAt now: NIODeadline) {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.phase = .awaitingHead(since: now)
    }

    /// When the connection is to be closed unless it makes progress first; `nil` for never.
    var deadline: NIODeadline? {
        switch phase {
        case .awaitingHead(let since): since + headerTimeout
        case .idle(let since): since + idleTimeout
        case .readingBody(let lastRead): lastRead + idleTimeout
        case .answering: nil
        }
    }

    /// Bytes arrived.
    mutating func bytesRead(at now: NIODeadline) {
        switch phase {
        case .idle: phase = .awaitingHead(since: now)
        case .readingBody: phase = .readingBody(lastRead: now)
        case .awaitingHead, .answering: break
        }
    }

    /// A complete request head was decoded.
    mutating func headRead(at now: NIODeadline) {
        openRequests += 1
        readingRequest = true
        phase = .readingBody(lastRead: now)
    }

    /// A request's end was decoded.
    mutating func requestRead() {
        readingRequest = false
        phase = .answering
    }

    /// An answer's end was written.
    mutating func answerWritten(at now: NIODeadline) {
        openRequests = max(openRequests - 1, 0)
        guard openRequests == 0, !readingRequest else { return }
        phase = .idle(since: now)
    }
}
