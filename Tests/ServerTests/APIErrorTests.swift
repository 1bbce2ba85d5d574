//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@testable import AI2AIServer

@Suite("Mapping errors to statuses")
struct APIErrorTests {
    struct Unexpected: Error {}

    @Test(
        "library, provider and framework errors",
        arguments: [
            (AI2AIError(.notFound, "Session x not found") as any Error, 404, "Session x not found"),
            (AI2AIError(.invalidArgument, "The message is empty"), 422, "The message is empty"),
            (AI2AIError(.limitExceeded, "too deep"), 422, "too deep"),
            (AI2AIError(.invalidTransition, "done already"), 409, "done already"),
            (AI2AIError(.conflict, "twice"), 409, "twice"),
            (AI2AIError(.storage, "disk I/O error at /var/db"), 500, "Internal server error (storage)"),
            (
                ProviderError(.configuration, message: "set OPENAI_API_KEY"), 503,
                "Model provider not configured: set OPENAI_API_KEY"
            ),
            (
                ProviderError(.notFound, status: 404, message: "no such model"), 400,
                "Model provider error (not_found): no such model"
            ),
            (
                ProviderError(.authentication, status: 401, message: "bad key"), 502,
                "Model provider error (authentication): bad key"
            ),
            (ProviderError(.overloaded, status: 529, message: "busy"), 503, "Model provider error (overloaded): busy"),
            (HTTPError(.badRequest, message: "Bad parameter"), 400, "Bad parameter"),
            (HTTPError(.notFound), 404, "Not Found"),
            (NIOTooManyBytesError(maxBytes: 10), 413, "Request body too large"),
            (Unexpected(), 500, "Internal server error"),
        ]
    )
    func mapping(error: any Error, status: Int, detail: String) {
        let mapped = APIError(error)
        #expect(Int(mapped.status.code) == status)
        #expect(mapped.detail == detail)
    }
}
