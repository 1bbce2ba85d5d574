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
    /// | `AI2AI_MAX_SUBTASKS` | `8`: the most subtasks one task may delegate |
    /// | `AI2AI_MODEL_CALLS_PER_PROVIDER` | `16`: model calls in flight per provider (the worker pool) |
    /// | `AI2AI_KEEPALIVE_SECONDS` | `15` |
    /// | `AI2AI_LEASE_SECONDS` | `30` |
    /// | `AI2AI_SHUTDOWN_GRACE_SECONDS` | `10`: how long SIGTERM lets in-flight turns finish |
    /// | `AI2AI_CORS_ORIGIN` | none: no CORS headers; else comma-separated origins (`*`: every origin) |
    /// | `AI2AI_ALLOWED_HOSTS` | none besides the bound address and localhost; comma-separated (`*`: any) |
    /// | `AI2AI_ALLOW_NO_TOKEN` | `0`; `1` lets a non-loopback `HOST` run without a token |
    /// | `AI2AI_HEADER_TIMEOUT_SECONDS` | `10` |
    /// | `AI2AI_IDLE_TIMEOUT_SECONDS` | `60` |
    /// | `AI2AI_MAX_CONNECTIONS` | `4096` |
    /// | `AI2AI_MODEL_CONNECT_TIMEOUT_SECONDS` | `10`: the time to connect to a model provider |
    /// | `AI2AI_MODEL_IDLE_TIMEOUT_SECONDS` | `120`: a model call that sends nothing but keep-alives that long is cut off |
    /// | `AI2AI_MODEL_TIMEOUT_SECONDS` | `600`: the longest one model call may take |
    /// | `AI2AI_RETENTION_DAYS` | none: finished sessions are kept; else days, whole or decimal (`0.5`), up to 36500 |
    ///
    /// The provider variables (`OPENROUTER_API_KEY`, `DEFAULT_MODEL`, ...) are read by
    /// `ModelRegistry.fromEnvironment`.
    /// - Throws: ``ConfigurationError`` naming the variable with an unusable value, or `HOST` when
    ///   it is not a loopback address and neither `AI2AI_API_TOKEN` nor `AI2AI_ALLOW_NO_TOKEN=1`
    ///   is set.
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
        if let subtasks = env["AI2AI_MAX_SUBTASKS"] {
            self.maxSubtasksPerTask = try Self.integer(subtasks, variable: "AI2AI_MAX_SUBTASKS", in: 1...1_000)
        }
        if let calls = env["AI2AI_MODEL_CALLS_PER_PROVIDER"] {
            self.modelCallsPerProvider = try Self.integer(
                calls,
                variable: "AI2AI_MODEL_CALLS_PER_PROVIDER",
                in: 1...10_000
            )
        }
        if let seconds = env["AI2AI_KEEPALIVE_SECONDS"] {
            self.keepAliveInterval = .seconds(
                try Self.integer(seconds, variable: "AI2AI_KEEPALIVE_SECONDS", in: 1...3_600)
            )
        }
        if let seconds = env["AI2AI_LEASE_SECONDS"] {
            self.leaseDuration = .seconds(try Self.integer(seconds, variable: "AI2AI_LEASE_SECONDS", in: 3...3_600))
        }
        if let seconds = env["AI2AI_SHUTDOWN_GRACE_SECONDS"] {
            self.shutdownGracePeriod = .seconds(
                try Self.integer(seconds, variable: "AI2AI_SHUTDOWN_GRACE_SECONDS", in: 0...3_600)
            )
        }
        if let origins = env["AI2AI_CORS_ORIGIN"] { self.corsOrigins = Self.list(origins) }
        if let hosts = env["AI2AI_ALLOWED_HOSTS"] { self.allowedHosts = Self.list(hosts).map { $0.lowercased() } }
        if let flag = env["AI2AI_ALLOW_NO_TOKEN"] {
            self.allowNoToken = try Self.boolean(flag, variable: "AI2AI_ALLOW_NO_TOKEN")
        }
        if let seconds = env["AI2AI_HEADER_TIMEOUT_SECONDS"] {
            self.headerTimeout = try Self.seconds(seconds, variable: "AI2AI_HEADER_TIMEOUT_SECONDS")
        }
        if let seconds = env["AI2AI_IDLE_TIMEOUT_SECONDS"] {
            self.idleTimeout = try Self.seconds(seconds, variable: "AI2AI_IDLE_TIMEOUT_SECONDS")
        }
        if let connections = env["AI2AI_MAX_CONNECTIONS"] {
            self.maxConnections = try Self.integer(connections, variable: "AI2AI_MAX_CONNECTIONS", in: 1...1_000_000)
        }
        for variable in [
            ProviderTimeouts.connectVariable, ProviderTimeouts.idleVariable, ProviderTimeouts.totalVariable,
        ] {
            do {
                _ = try ProviderTimeouts(environment: env.filter { $0.key == variable })
            } catch {
                throw ConfigurationError(variable: variable, message: "expected a positive number of seconds")
            }
        }
        // The registry reads them too (`ModelRegistry.fromEnvironment`); they are checked here.
        self.modelTimeouts = (try? ProviderTimeouts(environment: env)) ?? ProviderTimeouts()
        if let days = env["AI2AI_RETENTION_DAYS"] {
            self.retention = try Self.days(days, variable: "AI2AI_RETENTION_DAYS")
        }
        try checkExposure()
    }

    /// Refuses to serve beyond this machine without a token, unless told to.
    /// - Throws: ``ConfigurationError`` for `HOST` when it is not a loopback address, no token is
    ///   set and ``allowNoToken`` is off.
    func checkExposure() throws(ConfigurationError) {
        guard apiToken == nil, !allowNoToken, !HostName.isLoopback(host) else { return }
        throw ConfigurationError(
            variable: "HOST",
            message: "\(host) is not a loopback address: any machine that reaches it could spend the providers' "
                + "credits. Set AI2AI_API_TOKEN, or AI2AI_ALLOW_NO_TOKEN=1 to serve without a token anyway"
        )
    }

    /// The non-empty entries of a comma-separated list.
    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func boolean(_ text: String, variable: String) throws(ConfigurationError) -> Bool {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: variable, message: "expected 1 or 0, got \(text)")
        }
    }

    /// Seconds, whole or decimal (`0.5`), from a tenth of a second to an hour.
    private static func seconds(_ text: String, variable: String) throws(ConfigurationError) -> Duration {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), (0.1...3_600).contains(value) else {
            throw ConfigurationError(variable: variable, message: "expected seconds in 0.1...3600, got \(text)")
        }
        return .milliseconds(Int((value * 1_000).rounded()))
    }

    /// Days, whole or decimal (`0.5`), from a minute's worth to 100 years.
    private static func days(_ text: String, variable: String) throws(ConfigurationError) -> Duration {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite,
            (1.0 / 1_440...36_500).contains(value)
        else {
            throw ConfigurationError(
                variable: variable,
                message: "expected a number of days in 0.0007...36500 (0.5 is 12 hours), got \(text)"
            )
        }
        return .seconds((value * 86_400).rounded())
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
