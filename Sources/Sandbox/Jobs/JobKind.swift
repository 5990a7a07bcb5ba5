/// The three kinds of asynchronous job, named after their endpoints.
package enum JobKind: String, Sendable, Hashable, CaseIterable {
    case exports, imports, cleanups

    /// The singular used in messages ("export").
    package var singular: String { String(rawValue.dropLast()) }

    /// The status a job of this kind ends in when it breaks: exports fail, imports and
    /// cleanups are interrupted (imports have no `failed` status).
    package var brokenStatus: JobStatus { self == .exports ? .failed : .interrupted }
}

/// The lifecycle of a job: `pending → in_progress → completed | failed | interrupted`; an
/// interrupted (or failed) export can be started again.
package enum JobStatus: String, Sendable, Hashable, CaseIterable {
    case pending
    case inProgress = "in_progress"
    case completed
    case failed
    case interrupted

    /// Pending or in progress: counts against the cap of 10 jobs per kind.
    package var isActive: Bool { self == .pending || self == .inProgress }

    /// Whether the lifecycle allows moving from this status to `next`.
    package func canMove(to next: JobStatus) -> Bool {
        switch (self, next) {
        case (.pending, .inProgress), (.pending, .interrupted), (.pending, .failed): true
        case (.inProgress, .completed), (.inProgress, .failed), (.inProgress, .interrupted): true
        case (.interrupted, .pending), (.failed, .pending): true
        default: false
        }
    }
}
