//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Logging
import Synchronization

/// A log handler that keeps every message and its metadata as text, to check what was logged.
final class LogRecorder: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let error = event.error.map { " \($0)" } ?? ""
        let text = "\(event.level) \(event.message) \(event.metadata ?? [:]) \(event.source)\(error)"
        lines.withLock { $0.append(text) }
    }
}
