//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import Foundation

extension ServerConfiguration {
    /// Reads the configuration from environment variables.
    ///
    /// | variable | default |
    /// |---|---|
    /// | `HOST` | `127.0.0.1` |
    /// | `PORT` | `8001` |
    /// | `DATABASE_URL` | `sqlite://ai2ai.sqlite` (`memory`, `sqlite:///abs/path`) |
    /// | `AI2AI_API_TOKEN` | none: no authentication |
    /// | `AI2AI_MAX_BODY_BYTES` | `1048576` |
    /// | `AI2AI_MAX_AGENTS` | `64` |
    /// | `AI2AI_KEEPALIVE_SECONDS` | `15` |
    /// | `AI2AI_LEASE_SECONDS` | `30` |
    /// | `AI2AI_CORS_ORIGIN` | `*` (every origin); else the one origin allowed |
    /// | `AI2AI_MODEL_IDLE_TIMEOUT_SECONDS` | `120`: a model call that sends nothing but keep-alives that long is cut off |
    /// | `AI2AI_MODEL_TIMEOUT_SECONDS` | `600`: the longest one model call may take |
    ///
    /// The provider variables (`OPENROUTER_API_KEY`, `DEFAULT_MODEL`, ...) are read by
    /// `ModelRegistry.fromEnvironment`.
    /// - Throws: ``ConfigurationError`` naming the variable with an unusable value.
    init(environment: [String: String]) throws(ConfigurationError) {
        let env = environment.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        self.init()
        if let host = env["HOST"] { self.host = host }
        if let port = env["PORT"] { self.port = try Self.integer(port, variable: "PORT", in: 0...65_535) }
        if let url = env["DATABASE_URL"] { self.database = try DatabaseLocation(url: url) }
        self.apiToken = env["AI2AI_API_TOKEN"]
        if let bytes = env["AI2AI_MAX_BODY_BYTES"] {
            self.maxBodyBytes = try Self.integer(bytes, variable: "AI2AI_MAX_BODY_BYTES", in: 1...(1 << 30))
        }
        if let agents = env["AI2AI_MAX_AGENTS"] {
            self.maxAgents = try Self.integer(agents, variable: "AI2AI_MAX_AGENTS", in: 1...10_000)
        }
        if let seconds = env["AI2AI_KEEPALIVE_SECONDS"] {
            self.keepAliveInterval = .seconds(
                try Self.integer(seconds, variable: "AI2AI_KEEPALIVE_SECONDS", in: 1...3_600)
            )
        }
        if let seconds = env["AI2AI_LEASE_SECONDS"] {
            self.leaseDuration = .seconds(try Self.integer(seconds, variable: "AI2AI_LEASE_SECONDS", in: 3...3_600))
        }
        if let origin = env["AI2AI_CORS_ORIGIN"], origin != "*" { self.corsOrigin = origin }
        for variable in [ProviderTimeouts.idleVariable, ProviderTimeouts.totalVariable] {
            do {
                _ = try ProviderTimeouts(environment: env.filter { $0.key == variable })
            } catch {
                throw ConfigurationError(variable: variable, message: "expected a positive number of seconds")
            }
        }
        // The registry reads them too (`ModelRegistry.fromEnvironment`); they are checked here.
        self.modelTimeouts = (try? ProviderTimeouts(environment: env)) ?? ProviderTimeouts()
    }

    private static func integer(
        _ text: String,
        variable: String,
        in range: ClosedRange<Int>
    ) throws(ConfigurationError) -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ConfigurationError(
                variable: variable,
                message: "expected an integer in \(range.lowerBound)...\(range.upperBound), got \(text)"
            )
        }
        return value
    }
}
