/// What kind of failure an error is, as the exit code table sees it.
package enum ErrorClass: Sendable {
    /// The user asked for something that cannot be done as asked (arguments, live safety).
    case usage
    /// A plan, snapshot or data file is wrong.
    case badInput
    /// The API could not be reached or refused the credentials.
    case unavailable
    /// The run stopped before finishing and can be resumed.
    case interrupted
    /// A bug: nothing the user did or the API said explains it.
    case internalError

    /// The process exit code of the class (the table in `layerclone --help`).
    package var exitCode: Int32 {
        switch self {
        case .usage: 64
        case .badInput: 65
        case .unavailable: 69
        case .interrupted: 75
        case .internalError: Self.internalErrorExitCode
        }
    }

    /// The exit code of an error no class covers (a bug).
    package static let internalErrorExitCode: Int32 = 70
}

/// An error that knows its class, so the executable can pick the exit code without knowing
/// every module's error types.
package protocol ClassifiedError: Error {
    var exitClass: ErrorClass { get }
}
