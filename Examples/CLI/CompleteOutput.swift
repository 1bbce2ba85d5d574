//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import Foundation

/// The JSON contract of `ai2ai complete --json` (DESIGN.md section 8).
enum CompleteOutput {
    /// `{"text", "tool_calls": [{"id", "name", "arguments"}], "finish_reason", "usage", "model"}`.
    static func json(for response: ModelResponse) -> String {
        let object: JSONValue = [
            "text": .string(response.text),
            "tool_calls": .array(
                response.toolCalls.map { call in
                    [
                        "id": call.id.map(JSONValue.string) ?? .null, "name": .string(call.name),
                        "arguments": call.arguments,
                    ]
                }
            ),
            "finish_reason": response.finishReason.map { .string($0.rawValue) } ?? .null,
            "usage": [
                "input_tokens": response.usage?.inputTokens.map { JSONValue($0) } ?? .null,
                "output_tokens": response.usage?.outputTokens.map { JSONValue($0) } ?? .null,
            ],
            "model": response.model.map(JSONValue.string) ?? .null,
        ]
        return object.jsonString + "\n"
    }

    /// `{"error": {"kind", "status", "provider_code", "message", "request_id", "retry_after"}}`:
    /// the HTTP status (200 for an error inside a stream), the provider's own code, its request id
    /// and the wait it asked for in seconds, each `null` when the provider gave none.
    static func json(for error: ProviderError) -> String {
        let object: JSONValue = [
            "error": [
                "kind": .string(error.kind.description),
                "status": error.status.map { JSONValue($0) } ?? .null,
                "provider_code": error.providerCode.map(JSONValue.string) ?? .null,
                "message": .string(error.message),
                "request_id": error.requestID.map(JSONValue.string) ?? .null,
                "retry_after": error.retryAfter.map { duration in
                    let (seconds, attoseconds) = duration.components
                    return .number(Double(seconds) + Double(attoseconds) / 1e18)
                } ?? .null,
            ]
        ]
        return object.jsonString + "\n"
    }

    /// Any failure as a ProviderError.
    static func providerError(_ error: any Error) -> ProviderError {
        if let error = error as? ProviderError { return error }
        if error is CancellationError { return ProviderError(.cancelled, message: "Cancelled") }
        return ProviderError(.configuration, message: String(describing: error))
    }

    /// Writes text at once (no buffering), so streamed text appears as it arrives.
    static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
