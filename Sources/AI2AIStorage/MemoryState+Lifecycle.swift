//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation

extension MemoryState: LifecycleReads {
    func taskExists(_ id: TaskID) -> Bool { tasks[id] != nil }

    func claimProgress(of task: TaskID) -> ClaimProgress { claimProgress[task] ?? .claimed }

    func processStops(of task: TaskID) -> Int { processStops[task] ?? 0 }

    func lastHeartbeat(of instance: String) -> Date? { heartbeats[instance] }

    func hasOpenChild(_ parent: TaskID, excluding excluded: TaskID?) -> Bool {
        (childrenByParent[parent] ?? []).contains { $0 != excluded && tasks[$0]?.status.isOpen == true }
    }

    func turnExists(_ task: TaskID, index: Int) -> Bool {
        turns[task]?.contains { $0.index == index } ?? false
    }

    func updateExists(_ id: String) -> Bool { updateIDs.contains(id) }

    /// Runs a life-cycle transition and applies its writes.
    mutating func run<Result>(_ transition: (MemoryState) throws -> Transition<Result>) rethrows -> Result {
        try runLogged(transition).result
    }

    /// Runs a life-cycle transition and applies its writes; returns its result and the session
    /// events it stored.
    mutating func runLogged<Result>(
        _ transition: (MemoryState) throws -> Transition<Result>
    ) rethrows -> (result: Result, events: [SessionEvent]) {
        let computed = try transition(self)
        let events = apply(computed.writes)
        return (computed.result, events)
    }

    /// Applies a transition's writes, in order; returns the session events it stored.
    @discardableResult
    mutating func apply(_ writes: [StoreWrite]) -> [SessionEvent] {
        var stored: [SessionEvent] = []
        for write in writes {
            switch write {
            case .insertTask(let task):
                insert(task)
            case .updateTask(let task, let progress):
                put(task)
                if let progress { claimProgress[task.id] = progress }
            case .setProgress(let task, let progress):
                claimProgress[task] = progress
            case .setProcessStops(let task, let stops):
                processStops[task] = stops
            case .markSessionClaimed(let session):
                sessionLastClaim[session] = nextClaimNumber
                nextClaimNumber += 1
            case .setContext(let entry):
                context[entry.taskID, default: [:]][entry.key] = entry
            case .appendUpdate(let update):
                updates.append(update)
                updateIDs.insert(update.id)
            case .recordUsage(let record):
                usage.append(record)
            case .insertTurn(let turn):
                turns[turn.taskID, default: []].append(turn)
            case .appendEvent(let session, let kind, let at):
                let sequence = UInt64(events[session]?.count ?? 0) + 1
                let event = SessionEvent(sessionID: session, sequence: sequence, timestamp: at, kind: kind)
                events[session, default: []].append(event)
                lastEventPosition += 1
                eventPositions[session] = lastEventPosition
                stored.append(event)
            }
        }
        return stored
    }
}
