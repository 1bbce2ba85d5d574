//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import AI2AITesting
import Foundation
import Testing

@Suite("ai2ai complete")
struct CompleteCommandTests {
    private func serve(
        _ path: String,
        status: Int = 200,
        contentType: String = "text/event-stream"
    ) async throws -> FakeProviderServer {
        try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                status: status,
                headers: [("Content-Type", contentType)],
                body: try CLIRunner.fixture(path),
                chunking: .pieces(of: 5)
            )
        ])
    }

    @Test("--stream --json prints the assembled text answer")
    func streamTextJSON() async throws {
        let server = try await serve("recordings/openai/stream_text_multichunk.body")
        defer { Task { try await server.shutdown() } }
        let result = try await CLIRunner.run([
            "complete", "--provider", "openai", "--base-url", server.baseURL + "/v1", "--api-key", "sk-test",
            "--model", "gpt-4o", "--stream", "--json", "Say hello",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.stdoutJSON()
        let expected = try JSONValue(
            parsing: Data(CLIRunner.fixture("recordings/openai/stream_text_multichunk.expected.json"))
        )["expected"]
        #expect(json["text"] == expected?["text"])
        #expect(json["finish_reason"] == "stop")
        #expect(json["usage"] == ["input_tokens": 14, "output_tokens": 30])
        #expect(json["model"] == "gpt-4o-2024-08-06")
        #expect(json["tool_calls"] == [])
        #expect(result.stderr.isEmpty)
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/chat/completions")
        #expect(request.header("Authorization") == "Bearer sk-test")
        #expect(try request.jsonBody()["stream"] == true)
    }

    @Test("--stream --json prints parallel tool calls")
    func streamToolCallsJSON() async throws {
        let server = try await serve("recordings/anthropic/stream_thinking_parallel_tool_use.body")
        defer { Task { try await server.shutdown() } }
        let result = try await CLIRunner.run(
            ["complete", "--provider", "anthropic", "--model", "claude-sonnet-4-5", "--stream", "--json", "Weather?"],
            environment: ["ANTHROPIC_API_KEY": "sk-ant-test", "ANTHROPIC_BASE_URL": server.baseURL]
        )
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.stdoutJSON()
        let expected = try JSONValue(
            parsing: Data(CLIRunner.fixture("recordings/anthropic/stream_thinking_parallel_tool_use.expected.json"))
        )["expected"]
        let calls = try #require(json["tool_calls"]?.arrayValue)
        let wanted = try #require(expected?["tool_calls"]?.arrayValue)
        #expect(calls.count == wanted.count)
        for (call, want) in zip(calls, wanted) {
            #expect(call["id"] == want["id"])
            #expect(call["name"] == want["name"])
            #expect(call["arguments"] == want["arguments"])
        }
        #expect(json["finish_reason"] == "tool_calls")
        #expect(json["usage"]?["output_tokens"] == expected?["usage"]?["output_tokens"])
        #expect(server.requests.first?.header("x-api-key") == "sk-ant-test")
    }

    @Test("without --json the streamed text is printed")
    func streamText() async throws {
        let server = try await serve("recordings/ollama/stream_text.body", contentType: "application/x-ndjson")
        defer { Task { try await server.shutdown() } }
        let result = try await CLIRunner.run([
            "complete", "--provider", "ollama", "--base-url", server.baseURL, "--model", "gemma3:1b", "--stream", "Hi",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try JSONValue(parsing: Data(CLIRunner.fixture("recordings/ollama/stream_text.expected.json")))[
            "expected"
        ]
        #expect(result.stdout == (expected?["text"]?.stringValue ?? "") + "\n")
    }

    @Test("an HTTP error prints the error contract on stderr and exits non-zero")
    func errorContract() async throws {
        let server = try await FakeProviderServer.start(responses: [
            .json(
                status: 401,
                #"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}"#
            )
        ])
        defer { Task { try await server.shutdown() } }
        let result = try await CLIRunner.run([
            "complete", "--provider", "openai", "--base-url", server.baseURL + "/v1", "--api-key", "sk-secret-123",
            "--model", "gpt-4o", "--json", "Hi",
        ])
        #expect(result.status == 1, "a failed call is status 1, not a configuration error")
        #expect(result.stdout.isEmpty)
        let json = try result.stderrJSON()
        #expect(json["error"]?["kind"] == "authentication")
        #expect(json["error"]?["status"] == 401)
        #expect(json["error"]?["message"] == "Incorrect API key provided")
        #expect(!result.stderr.contains("sk-secret-123"))
    }

    @Test("an HTTP error carries the request id and the wait the provider asked for")
    func errorRequestIDAndRetryAfter() async throws {
        let server = try await FakeProviderServer.start(responses: [
            .json(
                status: 429,
                #"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#,
                headers: [("x-request-id", "req_abc123"), ("retry-after", "7"), ("x-should-retry", "false")]
            )
        ])
        defer { Task { try await server.shutdown() } }
        let result = try await CLIRunner.run([
            "complete", "--provider", "openai", "--base-url", server.baseURL + "/v1", "--api-key", "sk-test",
            "--model", "gpt-4o", "--json", "Hi",
        ])
        #expect(result.status != 0)
        let json = try result.stderrJSON()
        #expect(json["error"]?["kind"] == "rate_limited")
        #expect(json["error"]?["status"] == 429)
        #expect(json["error"]?["request_id"] == "req_abc123")
        #expect(json["error"]?["retry_after"] == 7)
        #expect(json["error"]?["provider_code"] == "rate_limit_exceeded")
    }

    @Test(
        "an error inside a 200 stream reports status 200 and the provider's code, for every provider",
        arguments: [
            (
                "openrouter", "text/event-stream",
                #"data: {"error":{"code":502,"message":"Network connection lost."},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"#
                    + "\n\n", "server", "502"
            ),
            (
                "anthropic", "text/event-stream",
                "event: error\n"
                    + #"data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"# + "\n\n",
                "overloaded", "overloaded_error"
            ),
        ]
    )
    func inBandError(provider: String, contentType: String, body: String, kind: String, code: String) async throws {
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(
                headers: [("Content-Type", contentType), ("request-id", "req_stream_1")],
                body: Array(body.utf8)
            )
        ])
        defer { Task { try await server.shutdown() } }
        let result = try await CLIRunner.run([
            "complete", "--provider", provider, "--base-url", server.baseURL, "--api-key", "key-test", "--model",
            "m", "--stream", "--json", "Hi",
        ])
        #expect(result.status != 0)
        let json = try result.stderrJSON()
        #expect(json["error"]?["kind"] == .string(kind))
        #expect(json["error"]?["status"] == 200)
        #expect(json["error"]?["provider_code"] == .string(code))
        #expect(json["error"]?["request_id"] == "req_stream_1")
        #expect(json["error"]?["retry_after"] == .null)
    }

    @Test("tool-call arguments with integers above 2^53 are printed exactly")
    func exactIntegers() async throws {
        let arguments = #"{\"id\":12345678901234567890,\"big\":123456789012345678901234567890}"#
        let body =
            #"data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"\#(arguments)"}}]}}]}"#
            + "\n\n" + #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#
            + "\n\ndata: [DONE]\n\n"
        let server = try await FakeProviderServer.start(responses: [
            FakeProviderResponse(headers: [("Content-Type", "text/event-stream")], body: Array(body.utf8))
        ])
        defer { Task { try await server.shutdown() } }
        let result = try await CLIRunner.run([
            "complete", "--provider", "openai", "--base-url", server.baseURL, "--api-key", "sk-test", "--model", "m",
            "--stream", "--json", "Hi",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(#""arguments":{"big":123456789012345678901234567890,"id":12345678901234567890}"#)
        )
    }

    @Test("a closed port is reported at once as a connection that cannot be made")
    func connectionRefused() async throws {
        let closed = try await FakeProviderServer.start(responses: [])
        let baseURL = closed.baseURL + "/v1"
        try await closed.shutdown()
        let result = try await CLIRunner.run(
            ["complete", "--provider", "openai", "--base-url", baseURL, "--model", "gpt-4o", "--json", "Hi"],
            timeout: .seconds(240)
        )
        #expect(result.status != 0)
        let json = try result.stderrJSON()
        #expect(json["error"]?["kind"] == "transport")
        #expect(json["error"]?["message"] == .string("Cannot reach openai at \(baseURL): connection refused"))
    }

    @Test("a missing key is a configuration error naming the variable, exit status 2 as for run")
    func missingKey() async throws {
        let result = try await CLIRunner.run([
            "complete", "--provider", "openrouter", "--model", "openai/gpt-4o", "--json", "Hi",
        ])
        #expect(result.status == 2)
        let json = try result.stderrJSON()
        #expect(json["error"]?["kind"] == "configuration")
        #expect(json["error"]?["status"] == .null)
        #expect(json["error"]?["message"]?.stringValue?.contains("OPENROUTER_API_KEY") == true)
    }

    @Test("--tools accepts OpenAI-style and plain tool objects")
    func toolsFile() async throws {
        let server = try await serve("recordings/openai/stream_tool_call_fragments.body")
        defer { Task { try await server.shutdown() } }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tools-\(UUID().uuidString).json")
        try Data(
            #"""
            [{"type":"function","function":{"name":"GetWeatherArgs","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}},
             {"name":"get_time","description":"Time","parameters":{"type":"object","properties":{}}}]
            """#.utf8
        ).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await CLIRunner.run([
            "complete", "--provider", "openai", "--base-url", server.baseURL + "/v1", "--model", "gpt-4o",
            "--tools", file.path, "--max-tokens", "64", "--system", "Be brief.", "--stream", "--json",
            "Weather in Edinburgh?",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.stdoutJSON()
        #expect(json["tool_calls"]?[0]?["name"] == "GetWeatherArgs")
        #expect(json["tool_calls"]?[0]?["arguments"] == ["city": "Edinburgh", "country": "UK", "units": "c"])
        let body = try #require(try server.requests.first?.jsonBody())
        #expect(
            body["tools"]?.arrayValue?.compactMap { $0["function"]?["name"]?.stringValue } == [
                "GetWeatherArgs", "get_time",
            ]
        )
        #expect(body["max_tokens"] == 64)
        #expect(body["messages"]?[0] == ["role": "system", "content": "Be brief."])
    }

    @Test("DEFAULT_MODEL stands in for --model")
    func defaultModel() async throws {
        let server = try await serve("recordings/ollama/stream_text.body", contentType: "application/x-ndjson")
        defer { Task { try await server.shutdown() } }
        let result = try await CLIRunner.run(
            ["complete", "--provider", "ollama", "--stream", "--json", "Hi"],
            environment: ["OLLAMA_ENDPOINT": server.baseURL, "DEFAULT_MODEL": "gemma3:1b"]
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try server.requests.first?.jsonBody()["model"] == "gemma3:1b")
        #expect(try result.stdoutJSON()["finish_reason"] == "stop")
    }

    @Test(
        "argument errors exit non-zero with a usage message",
        arguments: [
            ["complete", "Hi"],
            ["complete", "--model", "m"],
            ["complete", "--model", "m", "--max-tokens", "zero", "Hi"],
            ["complete", "--model", "m", "--max-tokens", "0", "Hi"],
            ["nonsense"],
        ]
    )
    func argumentErrors(_ arguments: [String]) async throws {
        let result = try await CLIRunner.run(arguments)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Usage") || result.stderr.contains("Error"))
    }
}

extension JSONValue {
    fileprivate subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
