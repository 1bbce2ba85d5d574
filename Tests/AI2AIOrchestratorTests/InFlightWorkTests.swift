//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Testing

@testable import AI2AIOrchestrator

@Suite("A cancellation reaches the worker of its claim, and leaves nothing behind")
struct InFlightWorkTests {
    @Test("a cancellation between the claim and the worker's registration stops the worker when it registers")
    func cancelledBeforeRegistration() async {
        let work = InFlightWork(instanceID: "here")
        work.expect("here/1")
        work.cancel("here/1")
        var cancellation = work.register("here/1").makeAsyncIterator()
        #expect(await cancellation.next() != nil)
        work.finish("here/1")
        #expect(work.count == 0)
    }

    @Test("a cancellation after the work ended, or of another instance's owner, keeps nothing")
    func lateOrForeignCancellations() {
        let work = InFlightWork(instanceID: "here")
        work.expect("here/1")
        _ = work.register("here/1")
        work.finish("here/1")
        work.cancel("here/1")
        work.cancel("here/never-claimed")
        work.cancel("elsewhere/1")
        #expect(work.count == 0)
        work.expect("here/2")
        work.cancel("here/2")
        #expect(work.count == 1)
        work.forget("here/2")
        work.cancel("here/2")
        #expect(work.count == 0)
    }
}
