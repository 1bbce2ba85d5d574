//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIStorage
import Logging

extension AgentServices {
    /// The dispatcher's claim loop, until cancelled or drained.
    ///
    /// Each wake-up claims tasks while a provider call slot is free and the store has a ready
    /// task: take a free slot of every provider that has one, claim with those providers, give back
    /// the slots the claimed task does not use, and work the task in a child task that keeps its
    /// slot until the claim ends. With no free slot or no ready task, the loop sleeps until the next
    /// wake-up: an assignment in this process, a finished task (a slot is free again), the store poll
    /// (writes of other processes), or a drain.
    ///
    /// Draining (``Dispatcher/beginDrain()``): no more claims; in-flight tasks end after their
    /// current turn and are given back; once the grace period is over, what still runs is
    /// cancelled and given back. The loop returns when nothing is in flight.
    func dispatch(_ wakes: AsyncStream<Void>) async {
        await withDiscardingTaskGroup { group in
            var wakes = wakes.makeAsyncIterator()
            var graceTimerStarted = false
            while true {
                if dispatcher.isDraining {
                    if dispatcher.inFlightCount == 0 {
                        group.cancelAll()
                        break
                    }
                    if dispatcher.isGraceOver {
                        group.cancelAll()
                        break
                    }
                    if !graceTimerStarted {
                        graceTimerStarted = true
                        let clock = clock
                        let grace = dispatcher.requestedGracePeriod ?? configuration.shutdownGracePeriod
                        let dispatcher = dispatcher
                        group.addTask {
                            try? await clock.sleep(for: grace)
                            if !Task.isCancelled { dispatcher.endGrace() }
                        }
                    }
                } else {
                    while !Task.isCancelled, !dispatcher.isDraining, let (claimed, handle) = await claimOne() {
                        group.addTask { await self.work(claimed, handle: handle) }
                    }
                }
                guard await wakes.next() != nil else { break }
            }
        }
    }

    /// Claims one task with the free provider slots, or returns `nil` (no free slot, no ready task,
    /// or the store failed; the next wake-up tries again).
    private func claimOne() async -> (ClaimedTask, Dispatcher.Handle)? {
        await dispatcher.claimLock.withPermitIgnoringCancellation {
            let free = slots.reserveFree()
            // No claim for a provider whose last claim found nothing, until a wake-up says work
            // may be ready: a slot freed by a finished task makes no other task ready.
            let (reserved, generation) = dispatcher.worthClaiming(free)
            slots.release(free.subtracting(reserved))
            guard !reserved.isEmpty else { return nil }
            let owner = newLeaseOwner()
            // The claimed task's model call starts at once, in the slot reserved for it: the claim
            // records that, so that the worker makes no write of its own before the call.
            let request = ClaimRequest(
                lease: lease(by: owner),
                scope: dispatcher.scope,
                providers: reserved,
                startsCall: true
            )
            // A cancellation may reach the task as soon as the claim commits, before its worker runs.
            inFlight.expect(owner)
            do {
                let claimed = try await store.claimNext(request)
                metrics.countClaim(found: claimed != nil)
                guard let claimed else {
                    inFlight.forget(owner)
                    slots.release(reserved)
                    dispatcher.noReadyWork(for: reserved, since: generation)
                    return nil
                }
                slots.release(reserved.subtracting([claimed.agent.provider]))
                if !claimed.moreReady { dispatcher.noReadyWork(for: reserved, since: generation) }
                return (claimed, dispatcher.register(claimed))
            } catch {
                inFlight.forget(owner)
                slots.release(reserved)
                if !Task.isCancelled { logger.warning("Claiming a task failed", metadata: ["error": "\(error)"]) }
                return nil
            }
        }
    }

    /// Works a claimed task in its provider slot until its claim ends or its agent is stopped,
    /// then frees the slot and wakes the claim loop.
    private func work(_ claimed: ClaimedTask, handle: Dispatcher.Handle) async {
        // The claim stored its `task_status_changed` event in its own transaction; the session's
        // subscribers read it from the log, in the log's order, once told that the session changed.
        events.changed(claimed.session.id)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await TaskWorker(claimed: claimed, services: self).work() }
            group.addTask {
                for await _ in handle.stops {}
            }
            await group.next()
            group.cancelAll()
        }
        dispatcher.unregister(claimed.task.id)
        slots.release([claimed.agent.provider])
        handle.finished.open()
        // The agent's limit may have held back its other pending task. Any other ready work was
        // announced by its own wake-up: the loop claims for this provider unless a claim found
        // nothing since the last such wake-up.
        dispatcher.slotFreed(mayBeReady: claimed.agentHasOtherPending)
    }
}
