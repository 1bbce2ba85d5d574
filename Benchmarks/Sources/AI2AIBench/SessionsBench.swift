//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import AI2AITesting
import Foundation

/// Section 6 (issue 13): what finished and stored sessions cost the release `ai2ai-server`, run
/// with `MALLOC_ARENA_MAX=2` on a fresh SQLite file and a loopback fake provider that answers as a
/// team of three (``TeamProvider``).
///
/// - Batches: runs batches of three-agent delegated sessions to completion (four model calls and
///   three tasks each) and reads the server's anonymous resident memory (`RssAnon`) once it idles
///   after each batch. Done when the last batch ends within 10 MB of the first.
/// - Stored sessions: writes sessions of three agents straight into a SQLite file through the
///   store API, then starts the server on that file and reads its memory once it idles, against
///   a server started on an empty file. Done when the two are close (no cost per stored session).
struct SessionsBench {
    var binary: String?
    var batches: Int
    var batchSessions: Int
    var storedSessions: Int
    /// Sessions running at once during a batch.
    var inFlight = 32

    func run() async throws -> [Row] {
        guard let binary, FileManager.default.isExecutableFile(atPath: binary) else {
            let rows = ["finished sessions in batches", "stored sessions"].map {
                Row(section: "Sessions", name: $0, result: "not measured", runs: 0, notes: "no --server-binary")
            }
            Report.print(rows)
            return rows
        }
        let batches = await Self.attempt("finished sessions in batches") { try await batchesRow(binary) }
        let stored = await Self.attempt("stored sessions") { try await storedRow(binary) }
        return [batches, stored]
    }

    /// Runs one measurement and prints its row, or a "not measured" row with the error.
    private static func attempt(_ name: String, _ measure: () async throws -> Row) async -> Row {
        let row: Row
        do {
            row = try await measure()
        } catch {
            row = Row(section: "Sessions", name: name, result: "not measured", runs: 0, notes: "\(error)")
        }
        Report.print([row])
        return row
    }

    /// The server's `RssAnon` at start and after each batch.
    private func batchesRow(_ binary: String) async throws -> Row {
        let provider = try await TeamProvider.start()
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await Self.startServer(binary, provider: provider, database: directory)
        defer { server.stop() }
        let client = Client(port: server.port)
        try await Self.waitUntilIdle(server.pid)
        var levels = [try ProcessStatus.anonymousBytes(of: server.pid)]
        var completed = 0
        let stopwatch = Stopwatch()
        for batch in 1...batches {
            Report.progress("sessions: batch \(batch) of \(batches), \(batchSessions) three-agent sessions")
            completed += try await runBatch(client)
            try await Self.waitUntilIdle(server.pid)
            levels.append(try ProcessStatus.anonymousBytes(of: server.pid))
        }
        let seconds = stopwatch.seconds
        try await provider.shutdown()
        let growth = (levels.last ?? 0) - levels[min(1, levels.count - 1)]
        let perSession = growth / Double(max(1, (batches - 1) * batchSessions))
        return Row(
            section: "Sessions",
            name: "\(batches) batches of \(Format.grouped(batchSessions)) three-agent sessions run to completion",
            result: "RssAnon " + levels.map { Format.bytes($0) }.joined(separator: " → ")
                + " · after batch 1 → last: \(Format.bytes(growth)) (\(Format.bytes(perSession)) per session)",
            runs: 1,
            notes: "ai2ai-server, MALLOC_ARENA_MAX=2, fresh SQLite file, instant fake provider, "
                + "\(inFlight) sessions at a time; \(completed) of \(batches * batchSessions) completed; "
                + "\(Format.number(seconds, decimals: 0)) s; read once the server idles (start, then each batch)"
        )
    }

    /// The server's memory on an empty file and on one holding `storedSessions` sessions.
    private func storedRow(_ binary: String) async throws -> Row {
        let provider = try await TeamProvider.start()
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = try await Self.idleMemory(binary, provider: provider, database: directory, timeout: .seconds(60))

        Report.progress("sessions: writing \(Format.grouped(storedSessions)) stored sessions of three agents")
        let writing = Stopwatch()
        try await Self.store(sessions: storedSessions, in: directory)
        let writeSeconds = writing.seconds
        Report.progress("sessions: starting the server on \(Format.grouped(storedSessions)) stored sessions")
        let startup = Stopwatch()
        let stored = try await Self.idleMemory(
            binary,
            provider: provider,
            database: directory,
            timeout: .seconds(1_800)
        )
        let startSeconds = startup.seconds
        try await provider.shutdown()
        let perSession = (stored.anonymous - empty.anonymous) / Double(max(1, storedSessions))
        return Row(
            section: "Sessions",
            name: "server started on \(Format.grouped(storedSessions)) stored sessions of three agents",
            result: "RssAnon \(Format.bytes(stored.anonymous)) (empty file: \(Format.bytes(empty.anonymous))), "
                + "\(Format.bytes(perSession)) per stored session · VmRSS \(Format.bytes(stored.resident)) "
                + "(empty: \(Format.bytes(empty.resident)))",
            runs: 1,
            notes: "ai2ai-server, MALLOC_ARENA_MAX=2; sessions written through SQLiteStore in "
                + "\(Format.number(writeSeconds, decimals: 0)) s; read once the server idles, "
                + "\(Format.number(startSeconds, decimals: 0)) s after its start"
        )
    }

    /// Starts the server on `directory`'s database, waits until it idles and reads its memory.
    private static func idleMemory(
        _ binary: String,
        provider: FakeProviderServer,
        database directory: URL,
        timeout: Duration
    ) async throws -> (anonymous: Double, resident: Double) {
        let server = try await startServer(binary, provider: provider, database: directory, startTimeout: timeout)
        defer { server.stop() }
        try await waitUntilIdle(server.pid, timeout: timeout)
        return (try ProcessStatus.anonymousBytes(of: server.pid), try ProcessStatus.residentBytes(of: server.pid))
    }

    private static func startServer(
        _ binary: String,
        provider: FakeProviderServer,
        database directory: URL,
        startTimeout: Duration = .seconds(20)
    ) async throws -> ServerProcess {
        try await ServerProcess.start(
            binary,
            providerURL: provider.baseURL + "/v1",
            database: "sqlite://" + directory.appendingPathComponent("sessions.sqlite").path,
            environment: ["MALLOC_ARENA_MAX": "2", "AI2AI_LOG_LEVEL": "warning"],
            startTimeout: startTimeout
        )
    }

    /// Writes `count` sessions of three agents through the store API, four writers at a time.
    private static func store(sessions count: Int, in directory: URL) async throws {
        let store = try SQLiteStore(path: directory.appendingPathComponent("sessions.sqlite").path)
        let writers = 4
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in stride(from: writer, to: count, by: writers) {
                        let session = Session(title: "stored \(index)", createdAt: Date())
                        let agents = ["Lead", "Researcher", "Writer"].enumerated().map { position, name in
                            Agent(
                                sessionID: session.id,
                                index: position,
                                name: name,
                                role: "Works",
                                model: "",
                                createdAt: session.createdAt
                            )
                        }
                        try await store.createSession(session, agents: agents)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Runs one batch, `inFlight` sessions at a time; returns how many completed.
    private func runBatch(_ client: Client) async throws -> Int {
        let total = batchSessions
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            var started = 0
            var completed = 0
            while started < min(inFlight, total) {
                group.addTask { try await client.runTeamSession() }
                started += 1
            }
            while let finished = try await group.next() {
                if finished { completed += 1 }
                if started < total {
                    group.addTask { try await client.runTeamSession() }
                    started += 1
                }
            }
            return completed
        }
    }

    /// Waits until the process has used at most 20 ms of CPU time in a second.
    private static func waitUntilIdle(_ pid: Int32, timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = try ProcessStatus.cpuSeconds(of: pid)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(1))
            let now = try ProcessStatus.cpuSeconds(of: pid)
            if now - last <= 0.02 { return }
            last = now
        }
        throw BenchError("the server did not become idle within \(timeout)")
    }

    private static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ai2ai-bench-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
