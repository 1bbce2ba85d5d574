//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension SessionsBench {
    /// Drives sessions through a server's HTTP API.
    struct Client: Sendable {
        let port: Int

        /// Creates a three-agent session, sends its lead a message and waits until the root task
        /// has ended.
        /// - Returns: Whether the root task completed.
        func runTeamSession() async throws -> Bool {
            let created = try await request(
                .POST,
                "/multi-agent/create",
                body: #"{"num_agents": 3, "agent_names": ["Lead", "Researcher", "Writer"]}"#
            )
            guard let session = created["session_id"] as? String else {
                throw BenchError("POST /multi-agent/create answered \(created)")
            }
            let body = #"{"session_id": "\#(session)", "message": "Write a report", "target_agents": [0]}"#
            _ = try await request(.POST, "/multi-agent/message", body: body)
            let deadline = ContinuousClock.now + .seconds(300)
            while ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                let tasks = try await request(.GET, "/multi-agent/tasks/\(session)")["tasks"] as? [[String: Any]] ?? []
                let root = tasks.first { $0["parent_task_id"] == nil || $0["parent_task_id"] is NSNull }
                switch root?["status"] as? String {
                case "completed": return true
                case "failed", "cancelled": return false
                default: continue
                }
            }
            throw BenchError("session \(session) did not end within 300 s")
        }

        /// Sends a request; returns the body's JSON object. Throws on a status other than 200.
        private func request(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> [String: Any] {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
            request.method = method
            if let body {
                request.headers.add(name: "content-type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: body))
            }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
            guard response.status == .ok else { throw BenchError("\(method) \(path) answered \(response.status)") }
            let object = try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))
            return object as? [String: Any] ?? [:]
        }
    }
}
