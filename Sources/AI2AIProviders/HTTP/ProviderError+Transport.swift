//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AsyncHTTPClient
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ProviderError {
    /// The error for a failure below HTTP: a timeout, a refused or reset connection, a
    /// cancellation. A `ProviderError` is returned unchanged.
    ///
    /// A connection that cannot be made (refused, an unknown host, no route) says so with the
    /// provider's base URL: "Cannot reach openai at http://127.0.0.1:9/v1: connection refused".
    /// - Parameters:
    ///   - error: What the transport threw.
    ///   - provider: The provider's name.
    ///   - baseURL: The provider's base URL, named when it cannot be reached.
    /// - Returns: The error, of kind `.timeout`, `.cancelled`, `.configuration` or `.transport`.
    public static func transport(_ error: any Error, provider: String?, baseURL: String? = nil) -> ProviderError {
        if let error = error as? ProviderError { return error }
        if let baseURL, let reason = unreachableReason(error) {
            return ProviderError(
                reason == "connection timed out" ? .timeout : .transport,
                message: "Cannot reach \(provider ?? "the provider") at \(baseURL): \(reason)",
                provider: provider
            )
        }
        if error is CancellationError {
            return ProviderError(.cancelled, message: "The request was cancelled", provider: provider)
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .deadlineExceeded, .readTimeout, .writeTimeout, .tlsHandshakeTimeout,
                .getConnectionFromPoolTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout:
                return ProviderError(.timeout, message: "No answer in time (\(error))", provider: provider)
            case .cancelled:
                return ProviderError(.cancelled, message: "The request was cancelled", provider: provider)
            case .invalidURL, .emptyHost, .emptyScheme:
                return ProviderError(.configuration, message: "Invalid base URL (\(error))", provider: provider)
            default:
                return ProviderError(.transport, message: "Connection failed (\(error))", provider: provider)
            }
        }
        return ProviderError(.transport, message: "Connection failed (\(error))", provider: provider)
    }
}

extension ProviderError {
    /// Why a connection could not be made, if `error` says it could not: "connection refused",
    /// "host not found", "no route to host", "network unreachable" or "connection timed out".
    static func unreachableReason(_ error: any Error) -> String? {
        switch error {
        case let error as NIOConnectionError:
            if let failure = error.connectionErrors.first { return unreachableReason(failure.error) }
            return error.dnsAError != nil || error.dnsAAAAError != nil ? "host not found" : nil
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case EHOSTUNREACH: return "no route to host"
            case ENETUNREACH: return "network unreachable"
            case ETIMEDOUT: return "connection timed out"
            default: return nil
            }
        case let error as HTTPClientError where error == .connectTimeout:
            return "connection timed out"
        case is SocketAddressError:
            return "host not found"
        default:
            return nil
        }
    }
}
