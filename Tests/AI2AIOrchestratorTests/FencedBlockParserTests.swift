//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import AI2AIOrchestrator
import Testing

@Suite struct FencedBlockParserTests {
    let parser = FencedBlockParser()

    @Test func readsSeveralBlocksInOrderInTheOriginalFormat() throws {
        let text = """
            I will split the work.
            ```context
            {"key": "plan", "value": "two parts"}
            ```
            ```delegate
            {
              "task": {"title": "Research", "description": "Find sources"},
              "delegate_to": "Researcher"
            }
            ```
            ```complete
            {"result": "done"}
            ```
            """
        let actions = try parser.blocks(in: text).map { try $0.action.get() }
        #expect(
            actions == [
                .addContext(key: "plan", value: "two parts"),
                .delegate(agent: "Researcher", title: "Research", description: "Find sources"),
                .complete(result: "done"),
            ]
        )
    }

    @Test func readsToolNamedBlocksOneLineBlocksAndClosingFenceOnTheLastLine() throws {
        let text = """
            ```post_update {"content": "halfway"}```
            ```give_feedback
            {"task_id": "t1", "feedback": "cite sources"}```
            ```fail_task
            {"reason": "no data"}
            ```
            ```delegate_task
            {"agent": "Writer", "title": "Draft", "description": "Write it"}
            ```
            """
        let actions = try parser.blocks(in: text).map { try $0.action.get() }
        #expect(
            actions == [
                .postUpdate(content: "halfway"),
                .giveFeedback(taskID: "t1", feedback: "cite sources"),
                .fail(reason: "no data"),
                .delegate(agent: "Writer", title: "Draft", description: "Write it"),
            ]
        )
    }

    @Test func skipsOtherFencesWhole() throws {
        let text = """
            ```python
            print("```complete")
            ```
            ```json
            {"result": "not an action"}
            ```
            ```complete
            {"result": "real"}
            ```
            """
        let blocks = parser.blocks(in: text)
        #expect(blocks.count == 1)
        #expect(try blocks.first?.action.get() == .complete(result: "real"))
    }

    @Test func reportsBlocksThatDoNotParse() {
        let text = """
            ```delegate
            {"task": {"title": "x"
            ```
            ```complete
            {"answer": "wrong key"}
            ```
            ```context
            ```
            """
        let blocks = parser.blocks(in: text)
        #expect(blocks.map(\.tag) == ["delegate", "complete", "context"])
        let errors = blocks.compactMap { block -> String? in
            if case .failure(let error) = block.action { return error.message }
            return nil
        }
        #expect(errors.count == 3)
        #expect(errors[0].contains("valid JSON"))
        #expect(errors[1].contains("result"))
        #expect(errors[2].contains("empty"))
    }

    @Test func anUnterminatedBlockStillCounts() throws {
        let blocks = parser.blocks(in: "```complete\n{\"result\": \"cut off\"}")
        #expect(try blocks.first?.action.get() == .complete(result: "cut off"))
    }

    @Test func nonStringValuesAreKeptAsJSONText() throws {
        let action = AgentAction.parse(name: "complete_task", arguments: ["result": ["a": 1]])
        #expect(try action.get() == .complete(result: #"{"a":1}"#))
    }

    @Test func unknownActionsAreErrors() {
        let action = AgentAction.parse(name: "launch_rocket", arguments: [:])
        guard case .failure(let error) = action else {
            Issue.record("expected an error")
            return
        }
        #expect(error.message.contains("Unknown action"))
    }
}
