//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AIProviders
import AI2AITesting
import Testing

/// The exact JSON bodies and headers each provider sends, as the fake server received them.
@Suite("Request encoding")
struct RequestEncodingTests {
    static let transport = AsyncHTTPClientTransport.forTesting

    static let weather = ToolSpec(
        name: "get_weather",
        description: "Current weather",
        parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]]
    )

    /// A system prompt, a multi-turn conversation with a tool call and its result, tools, a
    /// token limit, a temperature and a stop sequence.
    static let request = ModelRequest(
        model: "test-model",
        messages: [
            .system("Be brief."),
            .user("Weather in Paris?"),
            .assistant(
                "Let me look.",
                toolCalls: [ToolCall(id: "call_1", name: "get_weather", arguments: ["city": "Paris"])]
            ),
            .tool(callID: "call_1", name: "get_weather", content: "18C and sunny"),
            .assistant("It is 18C."),
            .user("Thanks!"),
        ],
        tools: [weather],
        toolChoice: .auto,
        maxTokens: 100,
        temperature: 0.5,
        stop: ["END"]
    )

    private func capture(
        provider: String,
        answer: FakeProviderResponse,
        stream: Bool,
        configure: (String) -> any ModelProvider
    ) async throws -> FakeProviderRequest {
        let server = try await FakeProviderServer.start(responses: [answer])
        defer { Task { try await server.shutdown() } }
        let client = configure(server.baseURL)
        if stream {
            for try await _ in client.stream(Self.request) {}
        } else {
            _ = try await client.complete(Self.request)
        }
        return try #require(server.requests.first)
    }

    @Test("OpenAI: body and headers", arguments: [false, true])
    func openAI(stream: Bool) async throws {
        let answer =
            stream
            ? FakeProviderResponse(
                headers: [("Content-Type", "text/event-stream")],
                body: Array(
                    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
                        .utf8
                )
            )
            : .json(#"{"choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}"#)
        let received = try await capture(provider: "openai", answer: answer, stream: stream) { base in
            OpenAICompatibleProvider(
                configuration: .openAI(apiKey: "sk-test", baseURL: base + "/v1"),
                transport: Self.transport
            )
        }
        #expect(received.method == "POST")
        #expect(received.path == "/v1/chat/completions")
        #expect(received.header("Authorization") == "Bearer sk-test")
        #expect(received.header("Content-Type") == "application/json")
        #expect(received.header("Accept") == (stream ? "text/event-stream" : "application/json"))
        var expected: [String: JSONValue] = [
            "model": "test-model",
            "messages": [
                ["role": "system", "content": "Be brief."],
                ["role": "user", "content": "Weather in Paris?"],
                [
                    "role": "assistant", "content": "Let me look.",
                    "tool_calls": [
                        [
                            "id": "call_1", "type": "function",
                            "function": ["name": "get_weather", "arguments": #"{"city":"Paris"}"#],
                        ]
                    ],
                ],
                ["role": "tool", "tool_call_id": "call_1", "content": "18C and sunny"],
                ["role": "assistant", "content": "It is 18C."],
                ["role": "user", "content": "Thanks!"],
            ],
            "tools": [
                [
                    "type": "function",
                    "function": [
                        "name": "get_weather", "description": "Current weather", "parameters": Self.weather.parameters,
                    ],
                ]
            ],
            "tool_choice": "auto",
            "max_completion_tokens": 100,
            "temperature": 0.5,
            "stop": ["END"],
        ]
        if stream {
            expected["stream"] = true
            expected["stream_options"] = ["include_usage": true]
        }
        #expect(try received.jsonBody() == .object(expected))
    }

    @Test("OpenRouter: max_tokens and attribution headers")
    func openRouter() async throws {
        let received = try await capture(
            provider: "openrouter",
            answer: .json(#"{"choices":[{"index":0,"message":{"content":"ok"},"finish_reason":"stop"}]}"#),
            stream: false
        ) { base in
            OpenAICompatibleProvider(
                configuration: .openRouter(
                    apiKey: "sk-or-test",
                    baseURL: base + "/api/v1",
                    appURL: "https://ai2ai.example",
                    appTitle: "AI2AI"
                ),
                transport: Self.transport
            )
        }
        #expect(received.path == "/api/v1/chat/completions")
        #expect(received.header("Authorization") == "Bearer sk-or-test")
        #expect(received.header("HTTP-Referer") == "https://ai2ai.example")
        #expect(received.header("X-OpenRouter-Title") == "AI2AI")
        let body = try received.jsonBody()
        #expect(body["max_tokens"] == 100)
        #expect(body["max_completion_tokens"] == nil)
        #expect(body["stream"] == nil)
    }

    @Test("An assistant message with only tool calls has null content")
    func nullContent() async throws {
        var request = Self.request
        request.messages = [.user("Hi"), .assistant("", toolCalls: [ToolCall(id: "c", name: "t", argumentText: "")])]
        let server = try await FakeProviderServer.start(responses: [.json(#"{"choices":[]}"#)])
        defer { Task { try await server.shutdown() } }
        _ = try await OpenAICompatibleProvider(
            configuration: .compatible(baseURL: server.baseURL),
            transport: Self.transport
        )
        .complete(request)
        let body = try #require(try server.requests.first?.jsonBody())
        #expect(
            body["messages"]?.arrayValue?.last == [
                "role": "assistant", "content": nil,
                "tool_calls": [["id": "c", "type": "function", "function": ["name": "t", "arguments": "{}"]]],
            ]
        )
        #expect(server.requests.first?.header("Authorization") == nil)
    }

    @Test("Anthropic: body and headers", arguments: [false, true])
    func anthropic(stream: Bool) async throws {
        let answer =
            stream
            ? FakeProviderResponse(
                headers: [("Content-Type", "text/event-stream")],
                body: Array(
                    "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
                        .utf8
                )
            )
            : .json(#"{"type":"message","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn"}"#)
        let received = try await capture(provider: "anthropic", answer: answer, stream: stream) { base in
            AnthropicProvider(configuration: .init(baseURL: base, apiKey: "sk-ant-test"), transport: Self.transport)
        }
        #expect(received.path == "/v1/messages")
        #expect(received.header("x-api-key") == "sk-ant-test")
        #expect(received.header("anthropic-version") == "2023-06-01")
        #expect(received.header("Authorization") == nil)
        #expect(received.header("Content-Type") == "application/json")
        var expected: [String: JSONValue] = [
            "model": "test-model",
            "max_tokens": 100,
            "system": "Be brief.",
            "messages": [
                ["role": "user", "content": [["type": "text", "text": "Weather in Paris?"]]],
                [
                    "role": "assistant",
                    "content": [
                        ["type": "text", "text": "Let me look."],
                        ["type": "tool_use", "id": "call_1", "name": "get_weather", "input": ["city": "Paris"]],
                    ],
                ],
                [
                    "role": "user",
                    "content": [["type": "tool_result", "tool_use_id": "call_1", "content": "18C and sunny"]],
                ],
                ["role": "assistant", "content": [["type": "text", "text": "It is 18C."]]],
                ["role": "user", "content": [["type": "text", "text": "Thanks!"]]],
            ],
            "tools": [
                ["name": "get_weather", "description": "Current weather", "input_schema": Self.weather.parameters]
            ],
            "tool_choice": ["type": "auto"],
            "temperature": 0.5,
            "stop_sequences": ["END"],
        ]
        if stream { expected["stream"] = true }
        #expect(try received.jsonBody() == .object(expected))
    }

    @Test("Anthropic: max_tokens defaults, parallel tool results share one user message")
    func anthropicDefaults() async throws {
        let request = ModelRequest(
            model: "claude",
            messages: [
                .user("Two cities"),
                .assistant(
                    "",
                    toolCalls: [
                        ToolCall(id: "a", name: "get_weather", arguments: ["city": "Oslo"]),
                        ToolCall(id: "b", name: "get_weather", arguments: ["city": "Rome"]),
                    ]
                ),
                .tool(callID: "a", name: "get_weather", content: "2C"),
                .tool(callID: "b", name: "get_weather", content: "20C"),
            ],
            toolChoice: .required
        )
        let server = try await FakeProviderServer.start(responses: [
            .json(#"{"type":"message","content":[],"stop_reason":"end_turn"}"#)
        ])
        defer { Task { try await server.shutdown() } }
        _ = try await AnthropicProvider(
            configuration: .init(baseURL: server.baseURL, apiKey: "k"),
            transport: Self.transport
        )
        .complete(request)
        let body = try #require(try server.requests.first?.jsonBody())
        #expect(body["max_tokens"] == 4096)
        #expect(body["system"] == nil)
        #expect(body["tool_choice"] == ["type": "any"])
        #expect(body["messages"]?.arrayValue?.count == 3)
        #expect(body["messages"]?.arrayValue?.last?["content"]?.arrayValue?.count == 2)
    }

    @Test("Ollama: body and headers", arguments: [false, true])
    func ollama(stream: Bool) async throws {
        let answer = FakeProviderResponse(
            headers: [("Content-Type", "application/json")],
            body: Array(
                #"{"model":"test-model","message":{"role":"assistant","content":"ok"},"done":true,"done_reason":"stop"}"#
                    .utf8
            )
        )
        let received = try await capture(provider: "ollama", answer: answer, stream: stream) { base in
            OllamaProvider(configuration: .init(baseURL: base + "/"), transport: Self.transport)
        }
        #expect(received.path == "/api/chat")
        #expect(received.header("Authorization") == nil)
        #expect(received.header("Content-Type") == "application/json")
        let expected: JSONValue = [
            "model": "test-model",
            "stream": .bool(stream),
            "messages": [
                ["role": "system", "content": "Be brief."],
                ["role": "user", "content": "Weather in Paris?"],
                [
                    "role": "assistant", "content": "Let me look.",
                    // The id links the tool message's tool_call_id to this call.
                    "tool_calls": [
                        ["id": "call_1", "function": ["name": "get_weather", "arguments": ["city": "Paris"]]]
                    ],
                ],
                ["role": "tool", "content": "18C and sunny", "tool_name": "get_weather", "tool_call_id": "call_1"],
                ["role": "assistant", "content": "It is 18C."],
                ["role": "user", "content": "Thanks!"],
            ],
            "tools": [
                [
                    "type": "function",
                    "function": [
                        "name": "get_weather", "description": "Current weather", "parameters": Self.weather.parameters,
                    ],
                ]
            ],
            "options": ["temperature": 0.5, "num_predict": 100, "stop": ["END"]],
        ]
        #expect(try received.jsonBody() == expected)
    }

    @Test("Ollama with a key (ollama.com) sends a bearer token")
    func ollamaKey() async throws {
        let server = try await FakeProviderServer.start(responses: [.json(#"{"message":{"content":"ok"},"done":true}"#)]
        )
        defer { Task { try await server.shutdown() } }
        let answer = try await OllamaProvider(
            configuration: .init(baseURL: server.baseURL, apiKey: "ol-key"),
            transport: Self.transport
        ).complete(
            ModelRequest(model: "m", messages: [.user("Hi")])
        )
        #expect(answer.text == "ok")
        #expect(answer.finishReason == .stop)
        #expect(server.requests.first?.header("Authorization") == "Bearer ol-key")
    }
}
