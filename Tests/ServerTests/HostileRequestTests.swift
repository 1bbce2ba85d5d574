//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AI2AIServer

@Suite("Malformed and hostile requests get 4xx answers, never a 5xx", .timeLimit(.minutes(5)))
struct HostileRequestTests {
    /// Bodies that are not what any endpoint expects.
    static let bodies: [String] = [
        "", " ", "null", "true", "0", "\"text\"", "[]", "[{}]", "{}", "{\"a\":", "\u{FEFF}{}", "{'single': 1}",
        String(repeating: "[", count: 10_000),
        String(repeating: "{\"a\":", count: 2_000) + "1" + String(repeating: "}", count: 2_000),
        #"{"num_agents": 1e308, "session_id": null, "message": null, "context": [], "question": {}}"#,
        #"{"num_agents": 99999999999999999999999, "target_agents": [99999999999999999999]}"#,
        #"{"num_agents": 3, "agent_names": [null, null, null], "tags": [1, 2]}"#,
        #"{"session_id": "../../etc/passwd", "message": "\u0000", "context": "\ud800", "question": "q"}"#,
        #"{"session_id": "' OR 1=1 --", "message": "x", "target_agents": [-9223372036854775808]}"#,
        #"{"context": "c", "question": "q", "model": ":"}"#, #"{"context": "c", "question": "q", "model": "openai:"}"#,
        #"{"num_agents": 2, "agent_models": ["scripted:", ":x"]}"#,
    ]

    @Test("every route survives bad bodies and bad path parameters")
    func hostile() async throws {
        let model = ScriptedModel { request in
            request.tools.isEmpty ? .answer("FEEDBACK_SUMMARY: ok") : .calling("complete_task", ["result": "ok"])
        }
        let operations = OpenAPIDocument.operations
        try await TestHarness(model: model).run { client in
            let session = try await client.createSession(["num_agents": 2])
            var raw = Data([0xFF, 0xFE, 0x00, 0x7B])
            raw.append(contentsOf: Array("\"a\": 1}".utf8))
            let invalidUTF8 = String(decoding: raw, as: UTF8.self)
            for operation in operations {
                for parameters in [
                    ("s", "t", "0"), (session, "t", "-1"), (session, "%00", "99999999999999999999"),
                    ("%E2%82", "%20", "1.5"),
                ] {
                    let path = operation.path.replacingOccurrences(of: "{session_id}", with: parameters.0)
                        .replacingOccurrences(of: "{task_id}", with: parameters.1)
                        .replacingOccurrences(of: "{agent_index}", with: parameters.2)
                    let method = HTTPRequest.Method(rawValue: operation.method.uppercased()) ?? .get
                    // The event stream of an existing session never ends; StreamingTests reads it.
                    if operation.path.hasPrefix("/multi-agent/events/"), parameters.0 == session { continue }
                    for body in (operation.body == nil ? [nil] : Self.bodies + [invalidUTF8]) {
                        let response = try await client.send(method, path, body: body)
                        #expect(
                            response.status.code < 500,
                            "\(operation.method) \(path) \(body?.prefix(60) ?? ""): \(response.text.prefix(200))"
                        )
                        if response.status.code >= 400 {
                            #expect(response.detail != nil, "\(operation.method) \(path): \(response.text.prefix(200))")
                        }
                    }
                }
            }
        }
    }
}
