//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's limit on open file descriptors, which bounds the connections it can hold: an
/// `accept` that fails for want of a descriptor would stop the listener.
enum FileDescriptorLimit {
    /// Descriptors kept for everything but client connections: the database and its WAL files,
    /// the listening socket, standard streams, connections to model providers.
    static let reserve = 256

    /// Raises the soft limit to the hard one, as Go's runtime does at start (many systems start
    /// processes at 1024), and returns the soft limit in force; `nil` when it cannot be read.
    static func raiseToHardLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return nil }
        // macOS refuses more than OPEN_MAX; an unlimited hard limit is no target either.
        let target = min(limit.rlim_max, rlim_t(1 << 20))
        if limit.rlim_cur < target {
            var raised = limit
            raised.rlim_cur = target
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// The most client connections that fit in `descriptors`, at least 16.
    static func connections(fitting descriptors: Int) -> Int {
        max(descriptors - reserve, 16)
    }

    #if os(Linux)
    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let resource = RLIMIT_NOFILE
    #endif
}
