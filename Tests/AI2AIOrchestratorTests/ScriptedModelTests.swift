//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIOrchestrator
import AI2AIProviders
import AI2AITesting
import Testing

@Suite struct ScriptedModelTests {
    @Test func answersInOrderAndRecordsRequests() async throws {
        let model = ScriptedModel([
            .respond(.answer("first")),
            .fail(ProviderError(.rateLimited, status: 429, message: "slow down")),
            .respond(.calling("complete_task", ["result": "ok"])),
        ])
        let first = try await model.complete(ModelRequest(model: "m", messages: [.user("1")]))
        #expect(first.text == "first")
        await #expect(throws: ProviderError.self) {
            try await model.complete(ModelRequest(model: "m", messages: [.user("2")]))
        }
        let third = try await ModelResponse.collect(model.stream(ModelRequest(model: "m", messages: [.user("3")])))
        #expect(third.toolCalls.map(\.name) == ["complete_task"])
        #expect(third.finishReason == .toolCalls)
        #expect(model.requests.map { $0.messages[0].content } == ["1", "2", "3"])
        #expect(model.remainingSteps == 0)
    }

    @Test func aStreamCollectsToTheSameResponseAsComplete() async throws {
        let response = ModelResponse(
            text: "A longer answer that is split into several deltas.",
            toolCalls: [
                ToolCall(id: "a", name: "post_update", arguments: ["content": "x"]),
                ToolCall(id: "b", name: "complete_task", arguments: ["result": "y"]),
            ],
            finishReason: .toolCalls,
            usage: Usage(inputTokens: 3, outputTokens: 4),
            model: "scripted"
        )
        let model = ScriptedModel([.respond(response), .respond(response)], chunkSize: 7)
        let completed = try await model.complete(ModelRequest(model: "m", messages: []))
        let streamed = try await ModelResponse.collect(model.stream(ModelRequest(model: "m", messages: [])))
        #expect(streamed == completed)
        let deltas = ScriptedModel.events(for: response, chunkSize: 7).filter {
            if case .textDelta = $0 { return true }
            return false
        }
        #expect(deltas.count == 8)
    }

    @Test func anExhaustedScriptThrowsATypedError() async throws {
        let model = ScriptedModel()
        await #expect(throws: ScriptedModel.ScriptExhausted.self) {
            _ = try await ModelResponse.collect(model.stream(ModelRequest(model: "m", messages: [])))
        }
    }

    @Test func aHandlerAnswersEveryRequest() async throws {
        let model = ScriptedModel { request in .answer("echo \(request.model)") }
        let response = try await model.complete(ModelRequest(model: "x", messages: []))
        #expect(response.text == "echo x")
    }
}

@Suite struct AgentToolsTests {
    @Test func theToolsMatchTheDesignTable() throws {
        let tools = AgentTools.specs(otherAgents: ["Researcher", "Writer"])
        #expect(
            tools.map(\.name) == [
                "delegate_task", "complete_task", "fail_task", "add_context", "post_update", "give_feedback",
            ]
        )
        let required = tools.map { $0.parameters["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        #expect(
            required == [
                ["agent", "title", "description"], ["result"], ["reason"], ["key", "value"], ["content"],
                ["task_id", "feedback"],
            ]
        )
        let agentEnum = try #require(tools[0].parameters["properties"]?["agent"]?["enum"])
        #expect(agentEnum == ["Researcher", "Writer"])
        for tool in tools {
            #expect(tool.parameters["type"] == "object")
            #expect(tool.parameters["additionalProperties"] == false)
        }
    }

    @Test func aLoneAgentGetsNoDelegationTool() {
        #expect(!AgentTools.specs(otherAgents: []).map(\.name).contains("delegate_task"))
    }
}
