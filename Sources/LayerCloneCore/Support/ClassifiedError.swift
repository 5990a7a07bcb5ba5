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
}

/// An error that knows its class, so the executable can pick the exit code without knowing
/// every module's error types.
package protocol ClassifiedError: Error {
    var exitClass: ErrorClass { get }
}
