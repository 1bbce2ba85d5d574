//===----------------------------------------------------------------------===//
//
// This source file is part of the AI2AI open source project
// SPDX-License-Identifier: MIT
//
//===----------------------------------------------------------------------===//

import AI2AI
import ArgumentParser
import Foundation

/// A failure the CLI reports with a message and a specific exit status.
struct CLIFailure: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    init(_ message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }

    var description: String { message }
}

extension CLIFailure {
    /// Prints the message to standard error and exits with the failure's status.
    func exit() -> ExitCode {
        Terminal.standardError.write("error: \(message)\n")
        return ExitCode(exitCode)
    }

    /// Maps library errors to messages a newcomer can act on.
    static func from(_ error: any Error) -> CLIFailure? {
        if let failure = error as? CLIFailure { return failure }
        if let error = error as? AI2AIError {
            switch error.code {
            case .notFound: return CLIFailure(error.message, exitCode: .notFound)
            case .storage: return CLIFailure(error.message, exitCode: .storeUnavailable)
            default: return CLIFailure(error.message, exitCode: .configuration)
            }
        }
        if let error = error as? ProviderError, error.kind == .configuration {
            return CLIFailure(error.message, exitCode: .configuration)
        }
        return nil
    }
}
