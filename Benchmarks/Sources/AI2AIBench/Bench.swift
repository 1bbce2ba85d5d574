//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import ArgumentParser

/// `ai2ai-bench`: AI2AI's benchmarks; prints one Markdown table on standard output.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ai2ai-bench",
        abstract:
            "Benchmarks of AI2AI: orchestration, streaming decode, provider clients, the server, memory, sessions and PostgreSQL."
    )

    enum Section: String, CaseIterable, ExpressibleByArgument {
        case orchestration, decode, providers, server, memory, sessions, peers, postgres, all
    }

    @Argument(
        help: "The sections to run: orchestration, decode, providers, server, memory, sessions, peers, postgres or all."
    )
    var sections: [Section] = [.all]

    @Option(help: "Runs per measurement; results are medians over the runs.")
    var runs = 5

    @Flag(help: "Smaller workloads, for a quick look.")
    var quick = false

    @Flag(help: "Do not print the table's header (for appending sections run separately).")
    var noHeader = false

    @Option(help: "The orchestration section's stores: sqlite, memory or both.")
    var store = "both"

    @Option(name: .customLong("large-mib"), help: "Size of the large decode bodies, in MiB.")
    var largeMiB = 100

    @Option(help: "The ai2ai-server executable the server section starts.")
    var serverBinary: String?

    @Option(help: "Seconds each wrk load of the server section lasts.")
    var wrkSeconds = 5

    @Option(help: "Idle agents the memory section starts.")
    var agents = 10_000

    @Option(help: "Sessions the memory section spreads its agents over.")
    var memorySessions = 1_000

    @Option(help: "Batches of finished sessions the sessions section runs through the server.")
    var batches = 3

    @Option(help: "Three-agent sessions in each batch of the sessions section.")
    var batchSessions = 1_000

    @Option(help: "Sessions the sessions section stores before starting the server on them.")
    var storedSessions = 100_000

    @Option(help: "The peers section's Python, with LangGraph installed (Benchmarks/run.sh --peers makes one).")
    var peerPython: String?

    @Option(help: "The peers section's LangGraph script.")
    var peerScript = "Peers/langgraph_fanout.py"

    @Option(help: "The postgres section's server: a PostgreSQL URL whose user may create databases.")
    var postgresURL: String?

    @Option(help: "The postgres section's worker process counts, comma-separated.")
    var postgresProcesses = "1,2,4"

    @Option(help: "Concurrent sessions (K=2 fan-outs) in each run of the postgres section.")
    var postgresSessions = 400

    @Option(help: .hidden)
    var postgresWorker: String?

    @Option(help: .hidden)
    var probe: String?

    @Option(help: .hidden)
    var probeKib = 256

    @Option(help: .hidden)
    var probePasses = 1

    @Option(help: .hidden)
    var memoryProbe: String?

    @Flag(help: "Run the store conformance suite on the benchmarked stores, and nothing else.")
    var checkStores = false

    func run() async throws {
        // Child processes of the decode and memory sections.
        if let probe { return try AllocationProbe.probe(probe, kibibytes: probeKib, passes: probePasses) }
        if checkStores { return try await StoreCheck.run() }
        if let postgresWorker { return try await PostgresBench.worker(url: postgresWorker) }
        if let memoryProbe { return try await MemoryBench.probe(memoryProbe, agents: agents, sessions: memorySessions) }
        let selected = sections.contains(.all) ? Section.allCases.filter { $0 != .all } : sections
        if !noHeader { Report.printHeader() }
        for section in selected {
            switch section {
            case .orchestration:
                let stores: [OrchestrationHarness.StoreKind] =
                    switch store {
                    case "sqlite": [.sqlite]
                    case "memory": [.memory]
                    default: OrchestrationHarness.StoreKind.allCases
                    }
                _ = try await OrchestrationBench(runs: runs, quick: quick, stores: stores).run()
            case .decode:
                _ = try DecodeBench(runs: runs, largeMiB: quick ? min(largeMiB, 10) : largeMiB).run()
            case .providers:
                _ = try await ProviderBench(runs: runs, quick: quick).run()
            case .server:
                _ = try await ServerBench(binary: serverBinary, seconds: wrkSeconds).run()
            case .memory:
                _ = try await MemoryBench(agents: agents, sessions: memorySessions).run()
            case .sessions:
                _ = try await SessionsBench(
                    binary: serverBinary,
                    batches: batches,
                    batchSessions: quick ? min(batchSessions, 100) : batchSessions,
                    storedSessions: quick ? min(storedSessions, 10_000) : storedSessions
                ).run()
            case .peers:
                _ = try await PeerBench(runs: runs, quick: quick, python: peerPython, script: peerScript).run()
            case .postgres:
                let counts = postgresProcesses.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
                guard !counts.isEmpty else { throw ValidationError("--postgres-processes: give counts like 1,2,4") }
                _ = try await PostgresBench(
                    url: postgresURL,
                    processes: counts,
                    sessions: quick ? min(postgresSessions, 100) : postgresSessions,
                    workers: 2,
                    runs: runs
                ).run()
            case .all:
                break
            }
        }
    }
}
