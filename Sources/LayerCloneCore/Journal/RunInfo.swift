import Foundation

/// What a run is: the plan and environments it works on, and where it stands.
package struct RunInfo: Sendable, Equatable, Codable {
    /// Where a run stands as a whole.
    package enum State: String, Sendable, Codable {
        /// Started and not finished: running now, or killed or interrupted (resumable).
        case running
        /// Every unit completed.
        case finished
        /// Stopped by an error that needs the user (bad plan or data, auth).
        case failed
    }

    /// The run's id: `<yyyyMMdd-HHmmss>-<key prefix>`.
    package let id: String
    /// What makes two invocations the same run: plan content and both environments.
    package let key: String
    /// The plan file as given on the command line.
    package let planPath: String
    package let source: String
    package let target: String
    package var state: State
    package let createdAt: Date
    package var finishedAt: Date?
}
