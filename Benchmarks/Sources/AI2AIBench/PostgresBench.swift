//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AIPostgres
import Foundation
import Logging
import PostgresNIO

#if canImport(Glibc)
import Glibc
#endif

/// Section `postgres`: durable steps per second with 1, 2, 4, ... worker processes on one
/// PostgreSQL database (issue 16).
///
/// Each run gets a new database. The workers are child processes (this executable with
/// `--postgres-worker URL`), each running an orchestrator with an ``InstantModel`` over its own
/// ``PostgresStore``. Once they all run, this process creates many small fan-out sessions (a
/// coordinator and K workers: K + 2 steps each), sends each its message, and waits until every
/// task completed, counting completed tasks with one query every 20 ms. Any process may work any
/// session's tasks; they learn of new work through LISTEN/NOTIFY.
struct PostgresBench {
    /// A URL of the server whose user may create databases.
    var url: String?
    var processes: [Int]
    var sessions: Int
    var workers: Int
    var runs: Int

    func run() async throws -> [Row] {
        guard let url else {
            let row = Row(
                section: "PostgreSQL",
                name: "processes on one database",
                result: "not measured",
                runs: 0,
                notes: "give --postgres-url (a server whose user may create databases)"
            )
            Report.print([row])
            return [row]
        }
        var rows: [Row] = []
        for count in processes {
            Report.progress("postgres: \(count) process(es), \(sessions) sessions of K=\(workers)")
            var stepRates: [Double] = []
            var sessionRates: [Double] = []
            for _ in 0..<runs {
                let seconds = try await withTimeout(.seconds(600), "postgres with \(count) processes") {
                    try await Self.measure(url: url, processes: count, sessions: sessions, workers: workers)
                }
                stepRates.append(Double(sessions * (workers + 2)) / seconds)
                sessionRates.append(Double(sessions) / seconds)
            }
            let row = Row(
                section: "PostgreSQL",
                name: "\(count) worker process\(count == 1 ? "" : "es") on one database, "
                    + "\(sessions) concurrent sessions (K=\(workers))",
                result: "\(Format.rate(Statistics.median(stepRates))) steps/s · "
                    + "\(Format.rate(Statistics.median(sessionRates))) sessions/s",
                runs: runs,
                notes: "\(sessions * (workers + 2)) steps per run, from the first message sent to the last "
                    + "task completed; each process pools up to 10 connections"
            )
            Report.print([row])
            rows.append(row)
        }
        return rows
    }

    /// One run: a new database, `processes` workers, `sessions` sessions; returns the seconds from
    /// the first message to the last completed task.
    private static func measure(url: String, processes: Int, sessions: Int, workers: Int) async throws -> Double {
        let server = try PostgresStore.Configuration(url: url)
        let name = "ai2ai_bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin(server, "CREATE DATABASE \(name)")
        var configuration = server
        configuration.database = name
        do {
            let seconds = try await measure(configuration, processes: processes, sessions: sessions, workers: workers)
            try await admin(server, "DROP DATABASE \(name) WITH (FORCE)")
            return seconds
        } catch {
            try? await admin(server, "DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
    }

    private static func measure(
        _ configuration: PostgresStore.Configuration,
        processes: Int,
        sessions: Int,
        workers: Int
    ) async throws -> Double {
        let logger = Self.logger
        let store = try await PostgresStore(configuration: configuration, logger: logger)
        var children: [WorkerProcess] = []
        do {
            let steps = StepCounter()
            var models = ModelRegistry(defaultProvider: "instant", defaultModel: InstantModel.worker)
            models.register("instant", InstantModel(steps: steps))
            // Not run: this process only creates sessions and sends messages.
            let sender = Orchestrator(store: store, models: models, logger: logger)
            let spec = OrchestrationHarness.fanOutSpec(workers: workers)
            var ids: [SessionID] = []
            for _ in 0..<sessions { ids.append(try await sender.createSession(spec).id) }

            let databaseURL = Self.url(of: configuration)
            for _ in 0..<processes { children.append(try WorkerProcess(url: databaseURL)) }
            for child in children { try await child.waitUntilReady() }

            let counter = try await Self.connect(configuration)
            let stopwatch = Stopwatch()
            try await withThrowingTaskGroup(of: Void.self) { group in
                // At most 32 sends at a time, as many clients of a server would.
                for (offset, id) in ids.enumerated() {
                    if offset >= 32 { try await group.next() }
                    group.addTask { _ = try await sender.send("Benchmark task", to: id, targets: [0]) }
                }
                try await group.waitForAll()
            }
            let expected = sessions * (workers + 1)
            while true {
                let (completed, failed) = try await Self.counts(counter)
                if failed > 0 { throw BenchError("\(failed) task(s) failed") }
                if completed >= expected { break }
                for child in children where !child.process.isRunning {
                    throw BenchError("a worker process exited: \(child.errors.suffix(400))")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            let seconds = stopwatch.seconds
            try? await counter.close()
            for child in children { child.stop() }
            await store.close()
            return seconds
        } catch {
            for child in children { child.stop() }
            await store.close()
            throw error
        }
    }

    /// The worker's side (`--postgres-worker URL`): runs an orchestrator over the database until
    /// killed, and prints `ready` once it claims work.
    static func worker(url: String) async throws {
        let store = try await PostgresStore(configuration: .init(url: url), logger: logger)
        var models = ModelRegistry(defaultProvider: "instant", defaultModel: InstantModel.worker)
        models.register("instant", InstantModel(steps: StepCounter()))
        var configuration = Orchestrator.Configuration()
        configuration.limits.maxSubtasksPerTask = 64
        let orchestrator = Orchestrator(store: store, models: models, configuration: configuration, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await orchestrator.run() }
            while !orchestrator.isRunning { try await Task.sleep(for: .milliseconds(5)) }
            FileHandle.standardOutput.write(Data("ready\n".utf8))
            try await group.next()
        }
    }

    private static var logger: Logger {
        var logger = Logger(label: "ai2ai-bench.postgres")
        logger.logLevel = .warning
        return logger
    }

    /// The URL of a configuration (the bench's own databases are on loopback, without TLS).
    private static func url(of configuration: PostgresStore.Configuration) -> String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = configuration.username
        components.password = configuration.password
        components.host = configuration.host
        components.port = configuration.port
        components.path = "/" + configuration.database
        return components.string ?? ""
    }

    /// The completed and failed tasks of the database.
    private static func counts(_ connection: PostgresConnection) async throws -> (Int, Int) {
        let rows = try await connection.query(
            "SELECT count(*) FILTER (WHERE status = 'completed'), count(*) FILTER (WHERE status = 'failed') FROM task",
            logger: logger
        )
        for try await (completed, failed) in rows.decode((Int, Int).self) { return (completed, failed) }
        return (0, 0)
    }

    private static func connect(_ configuration: PostgresStore.Configuration) async throws -> PostgresConnection {
        try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: configuration.host,
                port: configuration.port,
                username: configuration.username,
                password: configuration.password,
                database: configuration.database,
                tls: .disable
            ),
            id: 1,
            logger: logger
        )
    }

    /// Runs a statement on a configuration's database, outside a transaction.
    private static func admin(_ configuration: PostgresStore.Configuration, _ statement: String) async throws {
        let connection = try await connect(configuration)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}

/// A `--postgres-worker` child process; its output goes to temporary files.
private final class WorkerProcess {
    let process = Process()
    private let output: URL
    private let errorOutput: URL

    init(url: String) throws {
        let directory = FileManager.default.temporaryDirectory
        output = directory.appendingPathComponent("ai2ai-bench-\(UUID().uuidString).out")
        errorOutput = directory.appendingPathComponent("ai2ai-bench-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: output.path, contents: nil),
            FileManager.default.createFile(atPath: errorOutput.path, contents: nil)
        else { throw BenchError("cannot create temporary files in \(directory.path)") }
        process.executableURL = URL(fileURLWithPath: Subprocess.currentExecutable)
        process.arguments = ["--postgres-worker", url]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errorOutput)
        try process.run()
    }

    var errors: String { (try? String(contentsOf: errorOutput, encoding: .utf8)) ?? "" }

    /// Waits until the worker printed `ready`.
    func waitUntilReady() async throws {
        for _ in 0..<6000 {
            if let text = try? String(contentsOf: output, encoding: .utf8), text.contains("ready") { return }
            guard process.isRunning else { throw BenchError("a worker process did not start: \(errors.suffix(400))") }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BenchError("a worker process did not start within 60 s")
    }

    /// Kills the worker (it holds nothing that needs a graceful stop: its leases are the run's).
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: output)
        try? FileManager.default.removeItem(at: errorOutput)
    }
}
