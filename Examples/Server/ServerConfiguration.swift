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
    /// The most subtasks one task may delegate (`AI2AI_MAX_SUBTASKS`); further delegations are
    /// refused to the model. Default 8.
    var maxSubtasksPerTask = Orchestrator.Limits().maxSubtasksPerTask
    /// The most model calls in flight per provider in this process (`AI2AI_MODEL_CALLS_PER_PROVIDER`):
    /// the worker pool's size. Default 16.
    var modelCallsPerProvider = Orchestrator.Limits().maxConcurrentModelCallsPerProvider ?? 16
    /// How often an idle event stream sends a keep-alive comment. Default 15 s.
    var keepAliveInterval: Duration
    /// How long an agent's claim on a task lasts without renewal; after a crash (SIGKILL), the
    /// restarted server resumes the task once it has run out. Default 30 s.
    var leaseDuration: Duration
    /// How long a graceful shutdown (SIGTERM, SIGINT) lets in-flight model turns finish before it
    /// cancels them; every claimed task is given back either way. Default 10 s.
    var shutdownGracePeriod: Duration
    /// The origins a browser may call the API from (`https://app.example`), matched exactly; they
    /// get CORS headers. Empty (the default): no CORS headers, and a request whose `Origin` is
    /// neither listed nor the server's own is refused with 403.
    var corsOrigins: [String]
    /// Host names a request's `Host` may name besides the bound address and `localhost`,
    /// `127.0.0.1` and `[::1]` (any port); `*` allows every host. Others are refused with 421, which
    /// stops DNS rebinding. Default: none.
    var allowedHosts: [String]
    /// Lets a non-loopback ``host`` run without ``apiToken`` (`AI2AI_ALLOW_NO_TOKEN=1`). Default
    /// `false`: such a configuration refuses to start.
    var allowNoToken: Bool
    /// The time a connection has to send a complete request head, from when it opens (or, between
    /// requests, from its first byte). Default 10 s.
    var headerTimeout: Duration
    /// The time an idle connection (between requests) or a request body that stops arriving is
    /// kept open, and the time a client may stop reading an answer (an event stream) before it
    /// is disconnected. Default 60 s. An answer the client keeps reading is never timed out.
    var idleTimeout: Duration
    /// The most connections open at once; further ones wait in the listen backlog until one
    /// closes. Default 4096 (lowered at start to fit the process's file descriptor limit).
    var maxConnections: Int
    /// The model calls' timeouts; the idle and total ones come from
    /// `AI2AI_MODEL_IDLE_TIMEOUT_SECONDS` and `AI2AI_MODEL_TIMEOUT_SECONDS`.
    var modelTimeouts = ProviderTimeouts()
    /// How long a finished session is kept after its last activity before the maintenance loop
    /// deletes it (`AI2AI_RETENTION_DAYS`). Default `nil`: kept until deleted.
    var retention: Duration?

    /// Creates a configuration; every parameter has a default.
    init(
        host: String = "127.0.0.1",
        port: Int = 8001,
        database: DatabaseLocation = .file("ai2ai.sqlite"),
        apiToken: String? = nil,
        maxBodyBytes: Int = 1 << 20,
        maxAgents: Int = 64,
        keepAliveInterval: Duration = .seconds(15),
        corsOrigins: [String] = [],
        allowedHosts: [String] = [],
        allowNoToken: Bool = false,
        headerTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        maxConnections: Int = 4096,
        leaseDuration: Duration = .seconds(30),
        shutdownGracePeriod: Duration = .seconds(10),
        retention: Duration? = nil
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.apiToken = apiToken
        self.maxBodyBytes = maxBodyBytes
        self.maxAgents = maxAgents
        self.keepAliveInterval = keepAliveInterval
        self.corsOrigins = corsOrigins
        self.allowedHosts = allowedHosts
        self.allowNoToken = allowNoToken
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.leaseDuration = leaseDuration
        self.shutdownGracePeriod = shutdownGracePeriod
        self.retention = retention
    }
}

extension ServerConfiguration {
    /// The orchestrator settings that follow from this configuration: the subtask and model call
    /// limits, the lease, renewed three times per lease period, the shutdown grace period and the retention of finished sessions. The
    /// server claims every session.
    var orchestrator: Orchestrator.Configuration {
        Orchestrator.Configuration(
            limits: Orchestrator.Limits(
                maxSubtasksPerTask: maxSubtasksPerTask,
                maxConcurrentModelCallsPerProvider: modelCallsPerProvider
            ),
            leaseDuration: leaseDuration,
            leaseRenewalInterval: leaseDuration / 3,
            claimScope: .allSessions,
            shutdownGracePeriod: shutdownGracePeriod,
            retention: retention
        )
    }
}
