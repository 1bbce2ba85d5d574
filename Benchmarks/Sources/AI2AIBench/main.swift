//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import ArgumentParser
import Dispatch

// The main thread waits on a semaphore instead of parking in `dispatchMain()`: valgrind 3.19
// (used for allocation counts and callgrind profiles) crashes on exit from a process whose main
// thread sits in dispatch's `sigsuspend`.
let finished = DispatchSemaphore(value: 0)
Task.detached {
    await Bench.main()
    finished.signal()
}
finished.wait()
