//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import ArgumentParser

/// `ai2ai resume`: continues the unfinished work of a session.
struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continue a session stopped by Ctrl-C, a crash or a timeout.",
        discussion: """
            Starts the session's agents again; each picks up its unfinished task from the last stored turn.             A task whose process crashed is taken up once its lease expires (30 s).
            """
    )

    @Argument(help: "The session's identifier (see 'ai2ai sessions').")
    var sessionID: String

    @Option(name: .long, help: "Give up waiting after this many seconds (the work stays saved).")
    var timeout: Int = 1800

    @Flag(name: .long, help: "Print the session, its tasks and responses as one JSON object at the end.")
    var json = false

    @OptionGroup var store: StoreOptions

    func run() async throws {
        do {
            let registry = try Preflight.registry()
            let store = try await store.open()
            let id = SessionID(sessionID)
            let agents = try await store.agents(in: id)
            try await Preflight.check(agents.map(\.model), registry: registry)
            let orchestrator = Orchestrator(
                store: store,
                models: registry,
                configuration: Orchestrator.Configuration(claimScope: .sessions([id]))
            )
            let json = json
            let status = try await SessionRunner(
                orchestrator: orchestrator,
                json: json,
                timeout: .seconds(timeout),
                databaseLabel: self.store.label
            )
            .run(prepare: { orchestrator in
                let open = try await orchestrator.tasks(in: id).filter(\.status.isOpen)
                (json ? Terminal.standardError : Terminal.standardOutput)
                    .write("Resuming session \(id): \(open.count) unfinished task\(open.count == 1 ? "" : "s")\n")
                return id
            })
            if status != 0 { throw ExitCode(status) }
        } catch let error {
            if let failure = CLIFailure.from(error) { throw failure.exit() }
            throw error
        }
    }
}
