//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import NIOCore
import Testing

@testable import AI2AIServer

@Suite("The header and idle deadlines of a connection, without I/O")
struct ConnectionDeadlineTests {
    static let header = TimeAmount.seconds(10)
    static let idle = TimeAmount.seconds(60)

    /// A time `seconds` after an arbitrary origin.
    static func at(_ seconds: Int64) -> NIODeadline {
        .uptimeNanoseconds(1_000_000_000_000 + UInt64(seconds) * 1_000_000_000)
    }

    @Test("a new connection has the header timeout, and bytes of a head do not extend it")
    func newConnection() {
        var state = ConnectionDeadline(headerTimeout: Self.header, idleTimeout: Self.idle, openedAt: Self.at(0))
        #expect(state.deadline == Self.at(10))
        state.bytesRead(at: Self.at(5))
        state.bytesRead(at: Self.at(9))
        #expect(state.deadline == Self.at(10))
    }

    @Test("a body may pause for the idle timeout between bytes; an answer being written has no deadline")
    func requestAndAnswer() {
        var state = ConnectionDeadline(headerTimeout: Self.header, idleTimeout: Self.idle, openedAt: Self.at(0))
        state.headRead(at: Self.at(1))
        #expect(state.deadline == Self.at(61))
        state.bytesRead(at: Self.at(30))
        #expect(state.deadline == Self.at(90))
        state.requestRead()
        #expect(state.deadline == nil)
        state.bytesRead(at: Self.at(40))
        #expect(state.deadline == nil, "pipelined bytes while answering")
    }

    @Test("between requests the idle timeout runs; the next request's first byte starts the header timeout")
    func keepAlive() {
        var state = ConnectionDeadline(headerTimeout: Self.header, idleTimeout: Self.idle, openedAt: Self.at(0))
        state.headRead(at: Self.at(1))
        state.requestRead()
        state.answerWritten(at: Self.at(2))
        #expect(state.deadline == Self.at(62))
        state.bytesRead(at: Self.at(50))
        #expect(state.deadline == Self.at(60))
        state.bytesRead(at: Self.at(55))
        #expect(state.deadline == Self.at(60))
    }

    @Test("an answer written before its request is read (413) leaves the body deadline")
    func earlyAnswer() {
        var state = ConnectionDeadline(headerTimeout: Self.header, idleTimeout: Self.idle, openedAt: Self.at(0))
        state.headRead(at: Self.at(1))
        state.answerWritten(at: Self.at(2))
        #expect(state.deadline == Self.at(61))
        state.requestRead()
        #expect(state.deadline == nil)
    }

    @Test("pipelined requests: the connection idles only once every answer is written")
    func pipelined() {
        var state = ConnectionDeadline(headerTimeout: Self.header, idleTimeout: Self.idle, openedAt: Self.at(0))
        state.headRead(at: Self.at(1))
        state.requestRead()
        state.headRead(at: Self.at(1))
        state.requestRead()
        state.answerWritten(at: Self.at(3))
        #expect(state.deadline == nil)
        state.answerWritten(at: Self.at(4))
        #expect(state.deadline == Self.at(64))
    }
}
