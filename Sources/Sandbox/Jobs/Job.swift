import ResourceCatalog

/// The state of one export, import or cleanup, as the sandbox keeps it in memory.
///
/// Times are seconds since 1970 on the sandbox clock. `generation` grows each time the job is
/// (re)started; a background run only writes while its generation is current, so a run that
/// was interrupted and restarted cannot overwrite the new run's progress.
package struct Job: Sendable {
    package let id: String
    package let kind: JobKind
    package let environment: SandboxEnvironment
    /// Creation order within the sandbox (drives the deterministic `job_fail` draw).
    package let sequence: UInt64
    package var resourceType: ResourceType
    /// Creation attributes echoed back as given (`format`, `includes`, `filters`, `dry_data`,
    /// `parent_resource_id`, `skip_errors`, …).
    package var given: [String: JSONValue]
    package var status: JobStatus = .pending
    package var generation = 0
    package var times: JobTimes
    /// Records to export or delete, or inputs to import.
    package var recordsCount: Int
    package var results = JobResults()
    package var reference: String?
    package var referenceOrigin: String?
    package var metadata: [String: JSONValue] = [:]
    /// Whether a file is ready at the attachment URL.
    package var hasAttachment = false

    package init(
        id: String, kind: JobKind, environment: SandboxEnvironment, sequence: UInt64, resourceType: ResourceType,
        given: [String: JSONValue], recordsCount: Int, now: Double
    ) {
        self.id = id
        self.kind = kind
        self.environment = environment
        self.sequence = sequence
        self.resourceType = resourceType
        self.given = given
        self.recordsCount = recordsCount
        times = JobTimes(createdAt: now, updatedAt: now)
    }

    /// `processed_count` as a whole percentage of `records_count` (100 for an empty job that
    /// completed).
    package var progress: Int {
        guard recordsCount > 0 else { return status == .completed ? 100 : 0 }
        return min(100, results.processedCount * 100 / recordsCount)
    }

    /// Moves to `next` when the lifecycle allows it, stamping the matching time.
    /// - Returns: whether the status changed.
    @discardableResult
    package mutating func move(to next: JobStatus, at now: Double) -> Bool {
        guard status.canMove(to: next) else { return false }
        status = next
        times.updatedAt = now
        switch next {
        case .pending:
            generation += 1
            times = JobTimes(createdAt: times.createdAt, updatedAt: now)
            results.processedCount = 0
            results.errorsCount = 0
            results.destroyedCount = 0
            results.errorsLog = [:]
            hasAttachment = false
        case .inProgress: times.startedAt = now
        case .completed, .failed: times.completedAt = now
        case .interrupted: times.interruptedAt = now
        }
        return true
    }
}

/// When a job moved through its lifecycle, in seconds since 1970 on the sandbox clock.
package struct JobTimes: Sendable {
    package var createdAt: Double
    package var updatedAt: Double
    package var startedAt: Double?
    package var completedAt: Double?
    package var interruptedAt: Double?
    /// Exports only: when the sandbox expects the run to end.
    package var estimatedCompletionAt: Double?
}

/// What a job's run has counted and logged so far.
package struct JobResults: Sendable {
    package var processedCount = 0
    package var errorsCount = 0
    package var warningsCount = 0
    package var destroyedCount = 0
    /// Key → (attribute → messages) for imports; error class → message for exports.
    package var errorsLog: [String: JSONValue] = [:]
    package var warningsLog: [String: JSONValue] = [:]
}
