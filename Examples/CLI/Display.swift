//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

/// Shows a session's progress: a tree redrawn in place on a terminal, or log lines elsewhere.
actor Display {
    enum Mode: Sendable {
        case tree(Terminal)
        case log(Terminal)
    }

    private var snapshot: SessionSnapshot
    private let mode: Mode
    private var drawnLines = 0
    private var dirty = true
    private var finished = false

    init(snapshot: SessionSnapshot, mode: Mode) {
        self.snapshot = snapshot
        self.mode = mode
    }

    func apply(_ event: SessionEvent) {
        guard !finished else { return }
        switch mode {
        case .log(let terminal):
            snapshot.apply(event)
            if let line = EventLogView.line(for: event, in: snapshot) { terminal.write(line + "\n") }
        case .tree:
            snapshot.apply(event)
            dirty = true
        }
    }

    /// Redraws the tree ten times a second (when something changed or time passed) and refreshes
    /// token counts every second, until cancelled.
    func refreshLoop(usage: @Sendable (TaskID) async -> UsageTotals?) async {
        guard case .tree(let terminal) = mode else { return }
        var tick = 0
        while !Task.isCancelled, !finished {
            if tick % 10 == 0 {
                for (id, row) in snapshot.rows where row.task.status == .inProgress || row.usage.calls == 0 {
                    if let totals = await usage(id) { snapshot.rows[id]?.usage = totals }
                }
            }
            drawnLines = LiveTreeView(terminal: terminal).draw(snapshot, previousLineCount: drawnLines)
            dirty = false
            tick += 1
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Draws the final state once (with the tasks as stored) and stops drawing.
    func finish(refreshing tasks: [AgentTask]) {
        guard !finished else { return }
        for task in tasks { snapshot.upsert(task) }
        if case .tree(let terminal) = mode {
            drawnLines = LiveTreeView(terminal: terminal).draw(snapshot, previousLineCount: drawnLines)
        }
        finished = true
    }
}

/// Ctrl-C as a stream: the first press ends the watch; the handler stays installed so a second
/// press does not kill the process before leases are given back.
enum Interrupts {
    static func make() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        // The handler holds the source, so the source lives as long as the process (on purpose).
        source.setEventHandler { [source] in
            _ = source
            continuation.yield()
        }
        source.resume()
        return stream
    }
}
