/// The status of an export or import job.
package struct JobStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    package let rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }

    package static let pending = JobStatus(rawValue: "pending")
    package static let inProgress = JobStatus(rawValue: "in_progress")
    package static let completed = JobStatus(rawValue: "completed")
    package static let failed = JobStatus(rawValue: "failed")
    package static let interrupted = JobStatus(rawValue: "interrupted")

    /// Whether the job will not change any more (`completed`, `failed`, `interrupted`).
    package var isTerminal: Bool { self == .completed || self == .failed || self == .interrupted }

    package var description: String { rawValue }
}

/// Which job resource: `exports` or `imports`.
package enum JobKind: String, Sendable, Hashable {
    case export = "exports"
    case `import` = "imports"
}
