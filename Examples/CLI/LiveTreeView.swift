//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// Redraws the session's task tree in place on an interactive terminal.
struct LiveTreeView: Sendable {
    let terminal: Terminal

    /// Renders the tree as lines that fit the terminal.
    static func lines(_ snapshot: SessionSnapshot, width: Int, now: Date) -> [String] {
        var lines: [String] = []
        for (row, level) in snapshot.tree {
            let task = row.task
            let indent = String(repeating: "  ", count: level)
            let elapsed: String =
                if let start = row.startedAt {
                    " " + Format.elapsed((row.endedAt ?? now).timeIntervalSince(start))
                } else { "" }
            let head =
                "\(indent)\(Format.symbol(task.status)) \(snapshot.name(of: task.assignedTo)) "
                + "[\(task.status.rawValue)\(elapsed)\(Format.tokens(row.usage))] "
            lines.append((head + task.title).singleLine(width: width))
            if task.status == .inProgress, let retry = row.retry {
                lines.append((indent + "    ↻ " + retry).singleLine(width: width))
            }
            if task.status == .inProgress, !row.streamed.isEmpty {
                lines.append(
                    (indent + "    ↳ " + row.streamed.singleLineTail(width: max(10, width - indent.count - 6)))
                        .singleLine(width: width)
                )
            }
            if task.status == .failed, let error = task.error {
                lines.append((indent + "    ✘ " + error).singleLine(width: width))
            }
        }
        return lines
    }

    /// Draws a frame, replacing the previous one (`previousLineCount` lines above the cursor).
    /// - Returns: How many lines this frame took.
    func draw(_ snapshot: SessionSnapshot, previousLineCount: Int) -> Int {
        let frame = Self.lines(snapshot, width: max(20, terminal.columns - 1), now: SystemClock().now)
        var output = ""
        if previousLineCount > 0 { output += "\u{1B}[\(previousLineCount)F" }
        output += "\u{1B}[J"
        for line in frame { output += line + "\n" }
        terminal.write(output)
        return frame.count
    }
}

/// Prints one timestamped line per event, for pipes and log files.
struct EventLogView: Sendable {
    let terminal: Terminal

    static func line(for event: SessionEvent, in snapshot: SessionSnapshot) -> String? {
        let time = Format.clock(event.timestamp)
        func who(_ task: TaskID) -> String {
            snapshot.rows[task].map { snapshot.name(of: $0.task.assignedTo) } ?? "?"
        }
        func title(_ task: TaskID) -> String { snapshot.rows[task]?.task.title.singleLine(width: 80) ?? task.rawValue }
        switch event.kind {
        case .taskCreated(let task) where task.parentTaskID == nil:
            return "\(time) \(snapshot.name(of: task.assignedTo)): new task \"\(task.title.singleLine(width: 80))\""
        case .taskCreated: return nil
        case .taskDelegated(let parent, let child):
            return
                "\(time) \(who(parent)) delegated to \(snapshot.name(of: child.assignedTo)): \"\(child.title.singleLine(width: 80))\""
        case .taskStatusChanged(let id, _, let to):
            guard to != .completed, to != .failed else { return nil }
            return "\(time) \(who(id)): \(to.rawValue) \"\(title(id))\""
        case .update(let update) where update.kind == .delegation:
            return nil
        case .update(let update):
            return "\(time) \(who(update.taskID)) \(update.kind.rawValue): \(update.content.singleLine(width: 120))"
        case .context(let entry):
            return "\(time) \(who(entry.taskID)) noted \(entry.key) = \(entry.value.singleLine(width: 80))"
        case .taskCompleted(let task):
            return "\(time) \(snapshot.name(of: task.assignedTo)): completed \"\(task.title.singleLine(width: 60))\": "
                + (task.result ?? "").singleLine(width: 160)
        case .taskFailed(let task):
            return "\(time) \(snapshot.name(of: task.assignedTo)): failed \"\(task.title.singleLine(width: 60))\": "
                + (task.error ?? "").singleLine(width: 160)
        case .modelRetry(let id, _, let attempt, let wait, let reason):
            return "\(time) \(who(id)): \(Format.retry(attempt: attempt, wait: wait, reason: reason))"
        case .modelTextDelta, .turnCommitted, .agentStarted, .agentStopped, .sessionDeleted:
            return nil
        case .sessionCancelled:
            return "\(time) the session was cancelled"
        }
    }
}
