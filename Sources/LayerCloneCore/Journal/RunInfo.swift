import Foundation

/// What a run is: the plan and environments it works on, and where it stands.
package struct RunInfo: Sendable, Equatable, Codable {
    /// Where a run stands as a whole, as its journal records it.
    package enum State: String, Sendable, Codable {
        /// Started and not ended: running now, or killed before it could record its end
        /// (`RunLock` tells the two apart). Resumable.
        case running
        /// Stopped by Ctrl-C or SIGTERM between steps. Resumable.
        case interrupted
        /// Stopped by an error that needs the user (bad plan or data, auth, failed types).
        /// Resumable once the cause is fixed.
        case failed
        /// Every unit completed, nothing rejected or skipped.
        case finished
        /// Every unit completed, but records were rejected, skipped or found different.
        case finishedWithRejections = "finished_with_rejections"

        /// Whether the run is over: a repeated command starts a new run instead of resuming.
        package var isEnded: Bool { self == .finished || self == .finishedWithRejections }
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
    /// The fingerprint of the plan's text the run started with (nil in journals older than
    /// the fingerprint): resuming with another plan is refused.
    package var planFingerprint: String? = nil
    /// Whether the target is a live environment (resuming then needs `--allow-live`).
    package var targetLive = false
    /// Why the run failed, when it did.
    package var error: String? = nil
}
