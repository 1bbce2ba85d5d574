//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI

/// How `ai2ai-server` listens, stores, authenticates and limits requests, and how long its agents'
/// task leases last.
///
/// Every field has a default; `ServerConfiguration(environment:)` reads them from the environment
/// (see `ServerConfiguration+Environment.swift`).
struct ServerConfiguration: Sendable {
    /// The address to bind. Default `127.0.0.1`.
    var host: String
    /// The port to bind; 0 picks a free port. Default 8001.
    var port: Int
    /// Where sessions, agents and tasks are kept. Default `sqlite://ai2ai.sqlite`.
    var database: DatabaseLocation
    /// The bearer token every route but `/health` requires; `nil` turns authentication off.
    var apiToken: String?
    /// The largest request body accepted, in bytes. Default 1 MiB.
    var maxBodyBytes: Int
    /// The most agents a session may have. Default 64.
    var maxAgents: Int
    /// How often an idle event stream sends a keep-alive comment. Default 15 s.
    var keepAliveInterval: Duration
    /// How long an agent's claim on a task lasts without renewal; after a crash (SIGKILL), the
    /// restarted server resumes the task once it has run out. Default 30 s.
    var leaseDuration: Duration
    /// The one origin CORS allows (`https://app.example`); `nil` allows every origin (`*`).
    var corsOrigin: String?
    /// The model calls' timeouts; the idle and total ones come from
    /// `AI2AI_MODEL_IDLE_TIMEOUT_SECONDS` and `AI2AI_MODEL_TIMEOUT_SECONDS`.
    var modelTimeouts = ProviderTimeouts()

    /// Creates a configuration; every parameter has a default.
    init(
        host: String = "127.0.0.1",
        port: Int = 8001,
        database: DatabaseLocation = .file("ai2ai.sqlite"),
        apiToken: String? = nil,
        maxBodyBytes: Int = 1 << 20,
        maxAgents: Int = 64,
        keepAliveInterval: Duration = .seconds(15),
        corsOrigin: String? = nil,
        leaseDuration: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.apiToken = apiToken
        self.maxBodyBytes = maxBodyBytes
        self.maxAgents = maxAgents
        self.keepAliveInterval = keepAliveInterval
        self.corsOrigin = corsOrigin
        self.leaseDuration = leaseDuration
    }
}

extension ServerConfiguration {
    /// The orchestrator settings that follow from this configuration: the lease, renewed three
    /// times per lease period.
    var orchestrator: Orchestrator.Configuration {
        Orchestrator.Configuration(leaseDuration: leaseDuration, leaseRenewalInterval: leaseDuration / 3)
    }
}
