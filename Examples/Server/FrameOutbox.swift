//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import NIOCore
import Synchronization

/// The frames of one event-stream answer waiting to be written: at most ``maxFrames`` frames or
/// ``maxBytes`` bytes. A producer that finds it full waits until the connection takes some (so a
/// slow reader slows the producer down instead of growing a buffer); a reader that takes nothing
/// for ``ServerConfiguration/writeStallTimeout`` is disconnected by the connection's handler.
final class FrameOutbox: Sendable {
    /// The most frames that wait.
    static let maxFrames = 256
    /// The most bytes that wait.
    static let maxBytes = 1 << 20

    private struct State {
        var frames: [ByteBuffer] = []
        var head = 0
        var bytes = 0
        var finished = false
        var reader: CheckedContinuation<ByteBuffer?, Never>?
        var sender: CheckedContinuation<Void, Never>?

        var count: Int { frames.count - head }
        var hasRoom: Bool { count < FrameOutbox.maxFrames && bytes < FrameOutbox.maxBytes }

        mutating func pop() -> ByteBuffer? {
            guard head < frames.count else { return nil }
            let frame = frames[head]
            head += 1
            bytes -= frame.readableBytes
            if head == frames.count {
                frames.removeAll(keepingCapacity: true)
                head = 0
            }
            return frame
        }
    }

    private let state = Mutex(State())

    private enum Enqueued {
        case queued
        case full
        case ended
    }

    /// Queues a frame, waiting while the outbox is full.
    /// - Returns: `false` when the stream has ended (the frame is dropped): stop producing.
    func send(_ frame: ByteBuffer) async -> Bool {
        while true {
            switch enqueue(frame) {
            case .queued: return true
            case .ended: return false
            case .full: await waitForRoom()
            }
        }
    }

    private func enqueue(_ frame: ByteBuffer) -> Enqueued {
        let (result, reader): (Enqueued, CheckedContinuation<ByteBuffer?, Never>?) = state.withLock { state in
            if state.finished || Task.isCancelled { return (.ended, nil) }
            guard state.hasRoom else { return (.full, nil) }
            if let reader = state.reader {
                state.reader = nil
                return (.queued, reader)
            }
            state.frames.append(frame)
            state.bytes += frame.readableBytes
            return (.queued, nil)
        }
        reader?.resume(returning: frame)
        return result
    }

    /// Waits until the reader makes room or the stream ends; a cancelled wait ends the stream.
    private func waitForRoom() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state in
                    if state.finished || state.hasRoom { return true }
                    state.sender = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            finish()
        }
    }

    /// Queues a frame only if there is room (keep-alive comments); never waits.
    func offer(_ frame: ByteBuffer) {
        let reader: CheckedContinuation<ByteBuffer?, Never>? = state.withLock { state in
            guard !state.finished, state.hasRoom else { return nil }
            if let reader = state.reader {
                state.reader = nil
                return reader
            }
            state.frames.append(frame)
            state.bytes += frame.readableBytes
            return nil
        }
        reader?.resume(returning: frame)
    }

    /// Ends the stream: the reader gets what is queued, then `nil`; producers get `false`.
    func finish() {
        let (reader, sender) = state.withLock { state in
            state.finished = true
            defer {
                state.sender = nil
                if state.count == 0 { state.reader = nil }
            }
            return (state.count == 0 ? state.reader : nil, state.sender)
        }
        reader?.resume(returning: nil)
        sender?.resume()
    }

    /// The next frame to write, waiting for one; `nil` when the stream has ended.
    func next() async -> ByteBuffer? {
        await withCheckedContinuation { (continuation: CheckedContinuation<ByteBuffer?, Never>) in
            let (frame, ended, sender): (ByteBuffer?, Bool, CheckedContinuation<Void, Never>?) = state.withLock {
                state in
                if let frame = state.pop() {
                    defer { state.sender = nil }
                    return (frame, false, state.sender)
                }
                if state.finished { return (nil, true, nil) }
                state.reader = continuation
                return (nil, false, nil)
            }
            sender?.resume()
            if let frame {
                continuation.resume(returning: frame)
            } else if ended {
                continuation.resume(returning: nil)
            }
        }
    }
}
