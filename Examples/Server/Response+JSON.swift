//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension Response {
    /// A JSON answer encoded with `JSONEncoder.ai2ai` (ISO 8601 dates, sorted keys).
    ///
    /// Encoding our own response types cannot fail; should it ever, the answer is a 500 with a
    /// JSON detail rather than a crash.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response
    {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        let data: Data
        do {
            data = try JSONEncoder.ai2ai.encode(value)
        } catch {
            return Response(
                status: .internalServerError,
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"detail":"Could not encode the response"}"#))
            )
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
