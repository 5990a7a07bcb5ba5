import ArgumentParser
import Foundation
import LayerCloneCore

/// How errors from the libraries reach the user: one message on standard error and an exit
/// code from `ExitStatus`.
enum ErrorReport {
    /// The exit status an error thrown by a command's `run()` means, or nil for
    /// ArgumentParser's own errors and exit codes, which it reports itself.
    static func status(for error: any Error) -> ExitStatus? {
        switch error {
        case let failure as CommandFailure: failure.status
        case is ExitCode, is CleanExit, is ValidationError: nil
        case is CancellationError: .interrupted
        case is RunDirectoryError: .usage
        case is JournalError: .badPlanOrData
        case let classified as any ClassifiedError: ExitStatus(classified.exitClass)
        default:
            // ArgumentParser's help and usage errors (some of its types are internal).
            String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") ? nil : .internalError
        }
    }

    /// Prints the error's message to `standardError`.
    static func print(_ error: any Error, to standardError: TextSink) {
        standardError.print("error: \(message(for: error))")
    }
}

extension ErrorReport {
    /// What the user reads for an error.
    static func message(for error: any Error) -> String {
        error is CancellationError ? "interrupted; run the same command to resume" : String(describing: error)
    }
}

extension ExitStatus {
    init(_ errorClass: ErrorClass) {
        switch errorClass {
        case .usage: self = .usage
        case .badInput: self = .badPlanOrData
        case .unavailable: self = .unavailable
        case .interrupted: self = .interrupted
        case .internalError: self = .internalError
        }
    }
}
