//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import Testing

/// Compares a client's result with a case's expected.json.
enum ConformanceExpectations {
    static func check(
        _ result: ReplayResult,
        against fixture: ConformanceCase,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let expected = fixture.expected
        let response = result.response
        switch fixture.outcome {
        case "http_error":
            checkError(result.error, expectedHTTP: expected["error"], sourceLocation: sourceLocation)
            return
        case "stream_error":
            checkError(result.error, expectedInStream: expected["error"]?["body"], sourceLocation: sourceLocation)
        default:
            #expect(
                result.error == nil,
                "unexpected error: \(String(describing: result.error))",
                sourceLocation: sourceLocation
            )
        }
        #expect(response.text == expected["text"]?.stringValue ?? "", sourceLocation: sourceLocation)
        if let deltas = expected["text_deltas"]?.arrayValue, fixture.isStream {
            #expect(result.textDeltas == deltas.compactMap(\.stringValue), sourceLocation: sourceLocation)
        }
        checkToolCalls(response.toolCalls, expected["tool_calls"]?.arrayValue ?? [], sourceLocation: sourceLocation)
        #expect(
            response.finishReason?.rawValue == expected["finish_reason"]?.stringValue,
            sourceLocation: sourceLocation
        )
        if let native = expected["native_finish_reason"] {
            #expect(response.nativeFinishReason == native.stringValue, sourceLocation: sourceLocation)
        }
        let usage = expected["usage"]
        let expectedUsage = Usage(
            inputTokens: usage?["input_tokens"]?.intValue,
            outputTokens: usage?["output_tokens"]?.intValue
        )
        #expect((response.usage ?? Usage()) == expectedUsage, sourceLocation: sourceLocation)
        if let model = expected["model"], model != .null {
            #expect(response.model == model.stringValue, sourceLocation: sourceLocation)
        }
    }

    private static func checkToolCalls(_ calls: [ToolCall], _ expected: [JSONValue], sourceLocation: SourceLocation) {
        #expect(calls.count == expected.count, "tool calls: \(calls)", sourceLocation: sourceLocation)
        for (call, want) in zip(calls, expected) {
            #expect(call.id == want["id"]?.stringValue, sourceLocation: sourceLocation)
            #expect(call.name == want["name"]?.stringValue, sourceLocation: sourceLocation)
            #expect(call.arguments == (want["arguments"] ?? .null), sourceLocation: sourceLocation)
            if let raw = want["arguments_raw"]?.stringValue {
                #expect(call.rawArguments == raw, sourceLocation: sourceLocation)
            }
        }
    }

    private static func checkError(_ error: ProviderError?, expectedHTTP: JSONValue?, sourceLocation: SourceLocation) {
        guard let error else {
            Issue.record("expected an HTTP error", sourceLocation: sourceLocation)
            return
        }
        let status = expectedHTTP?["http_status"]?.intValue
        let body = expectedHTTP?["body"]
        let inner = body?["error"]
        let message = inner?.stringValue ?? inner?["message"]?.stringValue
        var kind = kind(forStatus: status ?? 0)
        if inner?["type"]?.stringValue == "overloaded_error" { kind = .overloaded }
        #expect(error.status == status, sourceLocation: sourceLocation)
        #expect(error.kind == kind, sourceLocation: sourceLocation)
        #expect(error.message == message, sourceLocation: sourceLocation)
        // The provider's own code: the body's `code` (a name or a number), else its `type`.
        let code: String? =
            switch inner?["code"] {
            case .string(let text)?: text
            case .integer(let number)?: String(number)
            default: inner?["type"]?.stringValue
            }
        #expect(error.providerCode == code, sourceLocation: sourceLocation)
    }

    private static func checkError(
        _ error: ProviderError?,
        expectedInStream body: JSONValue?,
        sourceLocation: SourceLocation
    ) {
        guard let error, let body else {
            Issue.record("expected an error in the stream", sourceLocation: sourceLocation)
            return
        }
        let message = body.stringValue ?? body["message"]?.stringValue
        #expect(error.message == message, sourceLocation: sourceLocation)
        // The answer's status (every in-band error arrives in a 200); the in-band code apart.
        #expect(error.status == 200, sourceLocation: sourceLocation)
        if let code = body["code"]?.intValue {
            #expect(error.providerCode == String(code), sourceLocation: sourceLocation)
            #expect(error.kind == kind(forStatus: code), sourceLocation: sourceLocation)
        } else {
            let type = body["type"]?.stringValue
            #expect(error.providerCode == type, sourceLocation: sourceLocation)
            #expect(error.kind == (type == "overloaded_error" ? .overloaded : .server), sourceLocation: sourceLocation)
        }
    }

    /// The kinds of DESIGN.md section 5, restated independently of the library.
    static func kind(forStatus status: Int) -> ProviderError.Kind {
        switch status {
        case 400, 413, 422: .badRequest
        case 401: .authentication
        case 403: .permission
        case 404: .notFound
        case 408, 504: .timeout
        case 429: .rateLimited
        case 529: .overloaded
        case 500...599: .server
        default: .badRequest
        }
    }
}
