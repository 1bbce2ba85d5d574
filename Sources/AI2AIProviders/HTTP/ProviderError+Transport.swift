//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AsyncHTTPClient
import NIOCore

extension ProviderError {
    /// The error for a failure below HTTP: a timeout, a refused or reset connection, a
    /// cancellation. A `ProviderError` is returned unchanged.
    /// - Parameters:
    ///   - error: What the transport threw.
    ///   - provider: The provider's name.
    /// - Returns: The error, of kind `.timeout`, `.cancelled` or `.transport`.
    public static func transport(_ error: any Error, provider: String?) -> ProviderError {
        if let error = error as? ProviderError { return error }
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
