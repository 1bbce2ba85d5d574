//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import Foundation

/// Host names as the server compares them: lower-cased, without a port, brackets or a final dot.
enum HostName {
    /// The host of a `Host` header (`Example.com:8001` is `example.com`, `[::1]:8001` is `::1`).
    static func of(authority: String) -> String {
        var host = Substring(authority.trimmingCharacters(in: .whitespaces))
        if host.hasPrefix("[") {
            host = host.dropFirst().prefix { $0 != "]" }
        } else if let colon = host.firstIndex(of: ":"), host[host.index(after: colon)...].allSatisfy(\.isNumber) {
            host = host[..<colon]
        }
        return normalized(host)
    }

    /// A configured name or address (`HOST`, an entry of `AI2AI_ALLOWED_HOSTS`) as it is compared.
    static func normalized(_ name: some StringProtocol) -> String {
        var host = name.trimmingCharacters(in: .whitespaces).lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        while host.hasSuffix(".") { host.removeLast() }
        return host
    }

    /// The names every server answers to: it is on this machine.
    static let local: Set<String> = ["localhost", "127.0.0.1", "::1"]

    /// Whether binding `host` keeps the server on this machine: `localhost`, `127.x.x.x`, `::1`.
    static func isLoopback(_ host: String) -> Bool {
        let host = normalized(host)
        if local.contains(host) { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
