//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

public import AI2AIProviders

extension AsyncHTTPClientTransport {
    /// A transport for tests against a loopback ``FakeProviderServer``: the providers' client
    /// configuration (``AsyncHTTPClientTransport/configuration(connectTimeout:)``) with a 60 s
    /// connect timeout instead of 10 s, so that a machine under heavy load does not time out a
    /// connection to loopback. It lives as long as the process and is never shut down.
    ///
    /// ```swift
    /// let provider = OllamaProvider(configuration: .init(baseURL: server.baseURL), transport: AsyncHTTPClientTransport.forTesting)
    /// ```
    public static let forTesting = AsyncHTTPClientTransport(connectTimeout: .seconds(60))
}
