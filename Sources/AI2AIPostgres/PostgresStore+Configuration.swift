//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AICore
import Foundation

extension PostgresStore {
    /// Where a ``PostgresStore`` connects and how.
    ///
    /// Usually made from a URL, as in `DATABASE_URL`:
    ///
    /// ```swift
    /// let configuration = try PostgresStore.Configuration(url: "postgres://ai2ai:secret@db.internal:5432/ai2ai?sslmode=require")
    /// let store = try await PostgresStore(configuration: configuration)
    /// ```
    ///
    /// The password is never part of ``description``, of an error or of a log message.
    public struct Configuration: Sendable, CustomStringConvertible {
        /// The server's host name or IP address.
        public var host: String
        /// The server's TCP port. Default: 5432.
        public var port: Int
        /// The role to connect as.
        public var username: String
        /// The role's password, or `nil` for a server that trusts the connection.
        public var password: String?
        /// The database. Default: the user name (as `libpq` does).
        public var database: String
        /// Whether the connection is encrypted. Default: ``SSLMode/disable`` for a loopback host,
        /// ``SSLMode/prefer`` otherwise.
        public var sslMode: SSLMode
        /// How many connections the store's pool opens at most. Default: 10. Every process using
        /// the database opens up to this many; keep their sum under the server's `max_connections`.
        public var maximumConnections: Int
        /// How long opening a connection may take. Default: 10 seconds.
        public var connectTimeout: Duration
        /// The name the server shows for the store's connections (`pg_stat_activity`). Default: `ai2ai`.
        public var applicationName: String
        /// The clock that stamps changes and decides when leases expire; `nil` (the default) for
        /// the database server's clock.
        ///
        /// The database's clock is the system clock moved by its offset to the server's
        /// `clock_timestamp()`, measured when the store opens and at every heartbeat the
        /// orchestrator records: processes whose system clocks disagree still agree on when a
        /// lease expires. Give a clock of your own (a `ManualClock` in tests) to decide the time
        /// yourself; every process sharing the database must then agree on it.
        public var clock: (any AI2AIClock)?

        /// Creates a configuration.
        /// - Parameters:
        ///   - host: The server's host. Default `127.0.0.1`.
        ///   - port: The server's port. Default 5432.
        ///   - username: The role. Default `postgres`.
        ///   - password: The role's password. Default none.
        ///   - database: The database; `nil` for the user name.
        ///   - sslMode: Encryption; `nil` for ``SSLMode/disable`` on loopback, ``SSLMode/prefer`` elsewhere.
        ///   - maximumConnections: The pool's size. Default 10.
        ///   - connectTimeout: How long a connection may take to open. Default 10 s.
        ///   - applicationName: The connections' `application_name`. Default `ai2ai`.
        ///   - clock: The store's clock; `nil` (the default) for the database server's.
        public init(
            host: String = "127.0.0.1",
            port: Int = 5432,
            username: String = "postgres",
            password: String? = nil,
            database: String? = nil,
            sslMode: SSLMode? = nil,
            maximumConnections: Int = 10,
            connectTimeout: Duration = .seconds(10),
            applicationName: String = "ai2ai",
            clock: (any AI2AIClock)? = nil
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database ?? username
            self.sslMode = sslMode ?? (Self.isLoopback(host) ? .disable : .prefer)
            self.maximumConnections = maximumConnections
            self.connectTimeout = connectTimeout
            self.applicationName = applicationName
            self.clock = clock
        }

        /// Reads a `postgres://` or `postgresql://` URL:
        /// `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE`.
        ///
        /// User and password may be percent-encoded (a password containing `@`, `:` or `/` must
        /// be). Query parameters: `sslmode` (`disable`, `prefer`, `require`, `verify-ca`,
        /// `verify-full`), `connect_timeout` (seconds), `application_name` and `pool_size` (the
        /// pool's ``maximumConnections``). The other settings keep their defaults.
        /// - Parameters:
        ///   - url: The URL.
        ///   - clock: The store's clock; `nil` (the default) for the database server's.
        /// - Throws: ``AI2AIError`` `.invalidArgument` naming what is wrong; the message shows
        ///   the URL without its password.
        public init(url: String, clock: (any AI2AIClock)? = nil) throws {
            let shown = Self.redacted(url)
            guard let components = URLComponents(string: url),
                let scheme = components.scheme?.lowercased()
            else {
                throw AI2AIError(
                    .invalidArgument,
                    "Not a PostgreSQL URL: \(shown) (expected postgres://user:password@host:port/database)"
                )
            }
            guard scheme == "postgres" || scheme == "postgresql" else {
                throw AI2AIError(
                    .invalidArgument,
                    "Not a PostgreSQL URL: \(shown) (the scheme must be postgres:// or postgresql://)"
                )
            }
            guard let host = components.host, !host.isEmpty else {
                throw AI2AIError(.invalidArgument, "The PostgreSQL URL \(shown) names no host")
            }
            if let port = components.port, !(1...65_535).contains(port) {
                throw AI2AIError(.invalidArgument, "The PostgreSQL URL \(shown) has an invalid port \(port)")
            }
            let user = components.user ?? "postgres"
            guard !user.isEmpty else {
                throw AI2AIError(.invalidArgument, "The PostgreSQL URL \(shown) has an empty user name")
            }
            var path = components.path
            if path.hasPrefix("/") { path.removeFirst() }
            guard !path.contains("/") else {
                throw AI2AIError(
                    .invalidArgument,
                    "The PostgreSQL URL \(shown) has a path \"/\(path)\"; it must be one database name"
                )
            }
            self.init(
                host: host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host,
                port: components.port ?? 5432,
                username: user,
                password: components.password,
                database: path.isEmpty ? nil : path.removingPercentEncoding ?? path,
                clock: clock
            )
            for item in components.queryItems ?? [] {
                try apply(item, shown: shown)
            }
        }

        private mutating func apply(_ item: URLQueryItem, shown: String) throws {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw AI2AIError(
                        .invalidArgument,
                        "The PostgreSQL URL \(shown) has sslmode=\(value); use one of "
                            + SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                    )
                }
                sslMode = mode
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw AI2AIError(
                        .invalidArgument,
                        "The PostgreSQL URL \(shown) has connect_timeout=\(value); use a number of seconds above 0"
                    )
                }
                connectTimeout = .seconds(seconds)
            case "application_name":
                applicationName = value
            case "pool_size":
                guard let size = Int(value), size > 0 else {
                    throw AI2AIError(
                        .invalidArgument,
                        "The PostgreSQL URL \(shown) has pool_size=\(value); use a number of connections above 0"
                    )
                }
                maximumConnections = size
            default:
                throw AI2AIError(
                    .invalidArgument,
                    "The PostgreSQL URL \(shown) has an unknown parameter \"\(item.name)\"; AI2AI understands "
                        + "sslmode, connect_timeout, application_name and pool_size"
                )
            }
        }

        /// `host:port`, as errors show it.
        public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

        /// The URL without its password: `postgres://user@host:port/database?sslmode=mode`.
        public var description: String {
            "postgres://\(username)@\(address)/\(database)?sslmode=\(sslMode.rawValue)"
        }

        /// A URL as it may be shown: its password replaced by `***` (the text between `://user:`
        /// and the last `@` of the authority), whatever else is wrong with it.
        public static func redacted(_ url: String) -> String {
            guard let schemeEnd = url.range(of: "://") else { return url.contains("@") ? "(hidden)" : url }
            let rest = url[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            guard let at = authority.lastIndex(of: "@") else { return url }
            let userInfo = authority[..<at]
            guard let colon = userInfo.firstIndex(of: ":") else { return url }
            return String(url[..<colon]) + ":***" + String(url[at...])
        }

        static func isLoopback(_ host: String) -> Bool {
            host == "localhost" || host == "::1" || host.hasPrefix("127.")
        }
    }

    /// Whether and how a connection is encrypted, as `libpq`'s `sslmode`.
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        /// Never encrypt.
        case disable
        /// Encrypt when the server offers it, without checking its certificate.
        case prefer
        /// Always encrypt, without checking the server's certificate; fail when the server does not offer TLS.
        case require
        /// Always encrypt, and check that a trusted authority (the system's) signed the server's certificate.
        case verifyCA = "verify-ca"
        /// As ``verifyCA``, and check that the certificate names the host.
        case verifyFull = "verify-full"
    }
}
