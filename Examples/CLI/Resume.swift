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
            Starts the session's agents again; each picks up its unfinished task from the last stored \
            turn. A task whose process crashed is taken up once its lease expires (30 s). The \
            identifier may be any prefix that names one session.
            """
    )

    @Argument(help: "The session's identifier, or a prefix of it that names one session (see 'ai2ai sessions').")
    var sessionID: String

    @Option(
        name: .long,
        parsing: .unconditional,
        help: "Give up waiting after this many seconds (the work stays saved)."
    )
    var timeout: Int = 1800

    @Flag(name: .long, help: "Print the session, its tasks and responses as one JSON object at the end.")
    var json = false

    @OptionGroup var store: ExistingStoreOptions

    func validate() throws {
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        do {
            let registry = try Preflight.registry()
            let store = try await store.open()
            let id = try await SessionLookup.resolve(sessionID, in: Orchestrator(store: store, models: registry))
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
                    .write("Resuming session \(id): \(Plural.count(open.count, "unfinished task"))\n")
                return id
            })
            if status != 0 { throw ExitCode(status) }
        } catch let error {
            if let failure = CLIFailure.from(error) { throw failure.exit() }
            throw error
        }
    }
}
