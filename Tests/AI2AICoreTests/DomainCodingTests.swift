//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AICore
import Foundation
import Testing

@Suite struct DomainCodingTests {
    private func object(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder.ai2ai.encode(value)
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func taskUsesTheOriginalSystemsFieldNames() throws {
        let created = Date(timeIntervalSince1970: 1_764_000_000.25)
        let task = AgentTask(
            id: "t-1",
            sessionID: "s-1",
            title: "Title",
            description: "Description",
            status: .inProgress,
            createdBy: "user",
            assignedTo: "a-1",
            parentTaskID: "t-0",
            result: nil,
            createdAt: created
        )
        let json = try object(task)
        for key in [
            "id", "title", "description", "status", "created_by", "assigned_to", "created_at", "updated_at",
            "parent_task_id", "session_id",
        ] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["status"] as? String == "in_progress")
        #expect(json["assigned_to"] as? String == "a-1")
        #expect(json["created_at"] as? String == "2025-11-24T16:00:00.250Z")
        let decoded = try JSONDecoder.ai2ai.decode(AgentTask.self, from: JSONEncoder.ai2ai.encode(task))
        #expect(decoded == task)
    }

    @Test(arguments: [
        (TaskStatus.pending, "pending"), (.inProgress, "in_progress"), (.waiting, "waiting"),
        (.completed, "completed"), (.failed, "failed"), (.cancelled, "cancelled"),
    ])
    func statusStrings(status: TaskStatus, text: String) throws {
        #expect(status.rawValue == text)
        let decoded = try JSONDecoder().decode(TaskStatus.self, from: Data("\"\(text)\"".utf8))
        #expect(decoded == status)
        #expect(status.isTerminal == [.completed, .failed, .cancelled].contains(status))
    }

    @Test func unknownStatusIsADecodingError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(TaskStatus.self, from: Data("\"done\"".utf8))
        }
    }

    @Test func identifiersEncodeAsBareStrings() throws {
        let id = TaskID.random()
        #expect(UUID(uuidString: id.rawValue) != nil)
        #expect(id.rawValue == id.rawValue.lowercased())
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(id.rawValue)\"]")
        #expect(try JSONDecoder().decode([TaskID].self, from: data) == [id])
    }

    @Test func datesDecodeWithAndWithoutFractionalSeconds() throws {
        #expect(ISO8601.date(from: "2026-11-25T11:21:50Z") == Date(timeIntervalSince1970: 1_795_605_710))
        #expect(ISO8601.date(from: "2026-11-25T11:21:50.500Z") == Date(timeIntervalSince1970: 1_795_605_710.5))
        #expect(ISO8601.date(from: "yesterday") == nil)
    }

    @Test func sessionAgentAndRecordsUseSnakeCase() throws {
        let session = Session(
            title: "T",
            systemPrompt: "S",
            tags: ["x"],
            createdAt: Date(timeIntervalSince1970: 1_700_000_000)
        )
        #expect(Set(try object(session).keys) == ["id", "title", "system_prompt", "tags", "created_at", "updated_at"])
        let agent = Agent(
            sessionID: session.id,
            index: 2,
            name: "N",
            role: "R",
            model: "ollama:llama3.2",
            createdAt: Date(timeIntervalSince1970: 1_700_000_000)
        )
        #expect(
            Set(try object(agent).keys)
                == ["id", "session_id", "index", "name", "role", "model", "action_format", "is_active", "created_at"]
        )
        #expect(try object(agent)["action_format"] as? String == "tool_calls")
        let update = TaskUpdate(
            taskID: "t",
            sessionID: session.id,
            kind: .delegation,
            author: "a",
            content: "c",
            createdAt: Date(timeIntervalSince1970: 1_700_000_000)
        )
        #expect(try object(update)["kind"] as? String == "delegation")
        #expect(try object(Usage(inputTokens: 3, outputTokens: nil))["input_tokens"] as? Int == 3)
    }

    @Test func sessionEventsRoundTrip() throws {
        // JSON keeps milliseconds: use a time that has no finer part.
        let instant = Date(timeIntervalSince1970: 1_700_000_000.125)
        let task = AgentTask(
            sessionID: "s",
            title: "t",
            description: "d",
            createdBy: "user",
            assignedTo: "a",
            createdAt: instant
        )
        let kinds: [SessionEvent.Kind] = [
            .taskCreated(task),
            .taskStatusChanged(taskID: task.id, from: .pending, to: .inProgress),
            .taskDelegated(parentID: "p", child: task),
            .update(
                TaskUpdate(
                    taskID: task.id,
                    sessionID: "s",
                    kind: .progress,
                    author: "a",
                    content: "c",
                    createdAt: instant
                )
            ),
            .context(ContextEntry(taskID: task.id, key: "k", value: "v", updatedAt: instant)),
            .modelTextDelta(taskID: task.id, agentID: "a", text: "hé🙂"),
            .modelRetry(taskID: task.id, agentID: "a", attempt: 2, wait: .milliseconds(1500), reason: "429: slow"),
            .taskCompleted(task), .taskFailed(task), .agentStarted("a"), .agentStopped("a"),
        ]
        for (index, kind) in kinds.enumerated() {
            let event = SessionEvent(
                sessionID: "s",
                sequence: UInt64(index + 1),
                timestamp: Date(timeIntervalSince1970: 1_700_000_000),
                kind: kind
            )
            let data = try JSONEncoder.ai2ai.encode(event)
            #expect(try object(event)["type"] as? String == event.type)
            #expect(try JSONDecoder.ai2ai.decode(SessionEvent.self, from: data) == event)
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder.ai2ai.decode(
                SessionEvent.self,
                from: Data(#"{"type":"nope","session_id":"s","sequence":1,"timestamp":"2026-01-01T00:00:00Z"}"#.utf8)
            )
        }
    }

    @Test func jsonValueParsesAndPrintsCanonically() throws {
        let value = try JSONValue(parsing: #"{"b": [1, 2.5, true, null], "a": "x\u00e9"}"#)
        #expect(value["a"]?.stringValue == "xé")
        #expect(value["b"]?.arrayValue?.first?.intValue == 1)
        #expect(value.jsonString == #"{"a":"xé","b":[1,2.5,true,null]}"#)
        #expect(throws: (any Error).self) { try JSONValue(parsing: "{not json") }
    }

    @Test func errorsMatchByCode() {
        let error: any Error = AI2AIError.notFound("Task", "t-9")
        #expect((error as? AI2AIError)?.code == .notFound)
        #expect(String(describing: error) == "not_found: Task t-9 not found")
        do {
            throw error
        } catch AI2AIError.Code.notFound {
            // matched by code
        } catch {
            Issue.record("not matched by code: \(error)")
        }
    }

    @Test func modelRetryCarriesTheAttemptTheWaitInSecondsAndTheReason() throws {
        let event = SessionEvent(
            sessionID: "s",
            sequence: 7,
            timestamp: Date(timeIntervalSince1970: 1_700_000_000),
            kind: .modelRetry(taskID: "t", agentID: "a", attempt: 3, wait: .milliseconds(250), reason: "reset")
        )
        let json = try object(event)
        #expect(event.type == "model_retry")
        #expect(json["type"] as? String == "model_retry")
        #expect(json["task_id"] as? String == "t")
        #expect(json["agent_id"] as? String == "a")
        #expect(json["attempt"] as? Int == 3)
        #expect(json["wait_seconds"] as? Double == 0.25)
        #expect(json["reason"] as? String == "reset")
    }
}
