//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import PostgresNIO

/// PostgreSQL and connection errors as ``AI2AIError``s that say what to fix. A message names the
/// server (`host:port`), the user and the database where it helps, never the password, and never
/// quotes the SQL or its bound values.
enum PostgresErrors {
    /// The SQLSTATE of a server error, if the error is one.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Whether retrying the whole transaction may succeed: a deadlock or a serialization failure,
    /// after which PostgreSQL rolled the transaction back.
    static func isRetryable(_ error: any Error) -> Bool {
        guard let state = sqlState(error) else { return false }
        return state == "40P01" || state == "40001"
    }

    static func map(_ error: any Error, _ configuration: PostgresStore.Configuration) -> AI2AIError {
        if let error = error as? AI2AIError { return error }
        let server = "PostgreSQL at \(configuration.address)"
        if let error = error as? PSQLError {
            return map(error, configuration, server: server)
        }
        // The pool's own errors (ConnectionPoolError, in a module PostgresNIO does not export).
        let described = String(describing: error)
        if described.contains("poolShutdown") {
            return AI2AIError(.unavailable, "The PostgresStore for \(configuration.address) is closed")
        }
        if described.contains("connectionCreationCircuitBreakerTripped") {
            return AI2AIError(
                .unavailable,
                "cannot connect to \(server): no connection could be opened for a while; is the server running?"
            )
        }
        if error is CancellationError { return AI2AIError(.unavailable, "The \(server) request was cancelled") }
        return connectionFailure(error, server: server) ?? AI2AIError(.storage, "\(server): \(type(of: error))")
    }

    private static func map(
        _ error: PSQLError,
        _ configuration: PostgresStore.Configuration,
        server: String
    ) -> AI2AIError {
        if error.code == .server, let info = error.serverInfo {
            return serverError(info, configuration, server: server)
        }
        switch error.code {
        case .sslUnsupported:
            return AI2AIError(
                .unavailable,
                "\(server) does not offer TLS but sslmode=\(configuration.sslMode.rawValue) requires it; "
                    + "enable ssl on the server or use sslmode=disable (or prefer)"
            )
        case .authMechanismRequiresPassword:
            return AI2AIError(
                .unavailable,
                "\(server) asks user \"\(configuration.username)\" for a password and the URL has none; "
                    + "add it as postgres://user:password@host/database"
            )
        case .saslError, .unsupportedAuthMechanism:
            return AI2AIError(
                .unavailable,
                "authentication of user \"\(configuration.username)\" with \(server) failed; check the user and password"
            )
        case .poolClosed, .clientClosedConnection:
            return AI2AIError(.unavailable, "The PostgresStore for \(configuration.address) is closed")
        case .queryCancelled:
            return AI2AIError(.unavailable, "A query to \(server) was cancelled")
        case .tooManyParameters:
            return AI2AIError(.invalidArgument, "A request to \(server) had too many values at once")
        default:
            if let underlying = error.underlying, let failure = connectionFailure(underlying, server: server) {
                return failure
            }
            return AI2AIError(
                .unavailable,
                "the connection to \(server) failed (\(error.code)); is the server running and reachable?"
            )
        }
    }

    private static func serverError(
        _ info: PSQLError.ServerInfo,
        _ configuration: PostgresStore.Configuration,
        server: String
    ) -> AI2AIError {
        let state = info[.sqlState] ?? ""
        let message = info[.message] ?? "unknown error"
        switch state {
        case "28P01", "28000":
            return AI2AIError(
                .unavailable,
                "authentication of user \"\(configuration.username)\" with \(server) failed (\(message)); "
                    + "check the user and password in the URL"
            )
        case "3D000":
            return AI2AIError(
                .unavailable,
                "the database \"\(configuration.database)\" does not exist on \(server); create it "
                    + "(createdb \(configuration.database)) or name another one in the URL"
            )
        case "53300":
            return AI2AIError(
                .unavailable,
                "\(server) has too many connections (\(message)); raise its max_connections or lower pool_size"
            )
        case "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004":
            return AI2AIError(.unavailable, "\(server) is not available (\(message)); retry later")
        case "40P01", "40001":
            return AI2AIError(.unavailable, "\(server) aborted a transaction that competed with another; retry")
        case "23505":
            return AI2AIError(.conflict, "A row with this identifier already exists (\(message))")
        case "23503":
            return AI2AIError(.notFound, "A row this change refers to does not exist (\(message))")
        case "22021", "22P05":
            return AI2AIError(.invalidArgument, "PostgreSQL cannot store this text (\(message)); remove NUL characters")
        case "42501":
            return AI2AIError(
                .storage,
                "user \"\(configuration.username)\" lacks a privilege on \(server) (\(message)); grant it, "
                    + "or connect as the database's owner"
            )
        default:
            return AI2AIError(.storage, "\(server) failed a request: \(message) (SQLSTATE \(state))")
        }
    }

    /// A failure to open a connection, when that is what `error` is.
    private static func connectionFailure(_ error: any Error, server: String) -> AI2AIError? {
        if let error = error as? IOError, error.errnoCode == ECONNREFUSED {
            return refused(server)
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return AI2AIError(.unavailable, "cannot connect to \(server): timed out; is the host and port right?")
        }
        let text = String(describing: error).lowercased()
        if text.contains("refused") { return refused(server) }
        if text.contains("no such host") || text.contains("name or service not known") || text.contains("nodename") {
            return AI2AIError(.unavailable, "cannot connect to \(server): unknown host; check the URL's host")
        }
        if text.contains("timed out") || text.contains("timeout") {
            return AI2AIError(.unavailable, "cannot connect to \(server): timed out; is the host and port right?")
        }
        return nil
    }

    private static func refused(_ server: String) -> AI2AIError {
        AI2AIError(.unavailable, "cannot connect to \(server): connection refused; is the server running?")
    }
}
