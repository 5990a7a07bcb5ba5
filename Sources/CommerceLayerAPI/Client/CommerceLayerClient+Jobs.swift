import Foundation
import ResourceCatalog

extension CommerceLayerClient {
    /// Creates an export.
    ///
    /// When the create's outcome is unknown (5xx, lost connection), the export is looked up by
    /// its `reference` before anything is sent again, so at most one job exists per reference.
    /// Without a reference such a failure is thrown as `outcomeUnknown`.
    /// - Throws: `exportTooManyRecords` / `exportMatchesNothing` for the two 422 refusals,
    ///   `CommerceLayerError.api` for others.
    package func createExport(_ request: ExportRequest) async throws -> ExportJob {
        var findExisting: (@Sendable () async throws -> Resource?)?
        if let reference = request.reference {
            findExisting = { try await findExports(reference: reference).first?.resource }
        }
        do {
            let resource = try await create("exports", attributes: request.attributes, findExisting: findExisting)
            return ExportJob(resource)
        } catch CommerceLayerError.api(let error) where error.status == 422 {
            let meta = error.errors.first { $0.meta["error"] != nil }?.meta
            switch meta?["error"]?.stringValue {
            case "less_than_or_equal_to":
                throw CommerceLayerError.exportTooManyRecords(
                    resourceType: request.resourceType, maximum: meta?["count"]?.intValue.map(Int.init), error: error)
            case "greater_than":
                throw CommerceLayerError.exportMatchesNothing(resourceType: request.resourceType, error: error)
            default:
                throw CommerceLayerError.api(error)
            }
        }
    }

    /// Creates an import; like `createExport`, a create with an unknown outcome is looked up
    /// by `reference` before being sent again.
    package func createImport(_ request: ImportRequest) async throws -> ImportJob {
        var findExisting: (@Sendable () async throws -> Resource?)?
        if let reference = request.reference {
            findExisting = { try await findImports(reference: reference).first?.resource }
        }
        let resource = try await create("imports", body: request.body, findExisting: findExisting)
        return ImportJob(resource)
    }

    /// Reads an export.
    package func export(_ id: String) async throws -> ExportJob { ExportJob(try await retrieve("exports", id: id)) }

    /// Reads an import.
    package func `import`(_ id: String) async throws -> ImportJob { ImportJob(try await retrieve("imports", id: id)) }

    /// Exports whose reference is exactly `reference` (`reference_eq`), oldest first.
    package func findExports(reference: String) async throws -> [FoundJob<ExportJob>] {
        try await findJobs(.export, Query().filter("reference", .eq, reference)).map { FoundJob($0, ExportJob.init) }
    }

    /// Exports whose reference starts with `prefix` (`reference_start`), oldest first.
    package func findExports(referenceStart prefix: String) async throws -> [FoundJob<ExportJob>] {
        try await findJobs(.export, Query().filter("reference", .start, prefix)).map { FoundJob($0, ExportJob.init) }
    }

    /// Imports whose reference is exactly `reference` (`reference_eq`), oldest first.
    package func findImports(reference: String) async throws -> [FoundJob<ImportJob>] {
        try await findJobs(.import, Query().filter("reference", .eq, reference)).map { FoundJob($0, ImportJob.init) }
    }

    /// Imports whose reference starts with `prefix` (`reference_start`), oldest first.
    package func findImports(referenceStart prefix: String) async throws -> [FoundJob<ImportJob>] {
        try await findJobs(.import, Query().filter("reference", .start, prefix)).map { FoundJob($0, ImportJob.init) }
    }

    private func findJobs(_ kind: JobKind, _ query: Query) async throws -> [Resource] {
        try await list(ResourceType(kind.rawValue), query: query.sort("created_at")).collect(limit: 10_000)
    }

    /// Asks a pending or running export to stop (`_interrupt: true`).
    package func interruptExport(_ id: String) async throws -> ExportJob {
        ExportJob(try await update("exports", id: id, attributes: ["_interrupt": true]))
    }

    /// Asks a pending or running import to stop (`_interrupt: true`).
    package func interruptImport(_ id: String) async throws -> ImportJob {
        ImportJob(try await update("imports", id: id, attributes: ["_interrupt": true]))
    }

    /// Polls an export until it is completed, failed or interrupted, and returns it then
    /// (with its `errors_log`). The caller decides what a failed job means.
    /// - Throws: `jobTimedOut` past `timeout`, or request errors.
    package func waitForCompletion(
        _ job: ExportJob, schedule: PollSchedule = .standard
    ) async throws -> ExportJob {
        ExportJob(try await poll(.export, job.id, status: job.status, schedule: schedule))
    }

    /// Polls an import until it is completed or interrupted, and returns it then (with its
    /// counts and logs).
    package func waitForCompletion(
        _ job: ImportJob, schedule: PollSchedule = .standard
    ) async throws -> ImportJob {
        ImportJob(try await poll(.import, job.id, status: job.status, schedule: schedule))
    }

    private func poll(_ kind: JobKind, _ id: String, status: JobStatus, schedule: PollSchedule) async throws
        -> Resource
    {
        let started = clock.now()
        var interval = schedule.initialInterval
        var lastStatus = status
        while true {
            let resource = try await retrieve(ResourceType(kind.rawValue), id: id)
            lastStatus = JobStatus(rawValue: resource.attributes["status"]?.stringValue ?? "pending")
            if lastStatus.isTerminal { return resource }
            let waited = clock.now() - started
            guard waited + interval <= schedule.timeout else {
                throw CommerceLayerError.jobTimedOut(
                    job: "\(kind.rawValue)/\(id)", status: "\(lastStatus)", waited: waited)
            }
            try await clock.sleep(for: interval)
            interval = min(schedule.maxInterval, interval * schedule.growth)
        }
    }
}

/// A job found by reference, with its raw resource.
package struct FoundJob<Job: Sendable>: Sendable {
    package let job: Job
    package let resource: Resource

    init(_ resource: Resource, _ make: (Resource) -> Job) {
        self.resource = resource
        job = make(resource)
    }
}

/// How often a job is polled: starting at `initialInterval`, growing by `growth` up to
/// `maxInterval`, giving up after `timeout`. Polls also wait for pacing like every request.
package struct PollSchedule: Sendable, Hashable {
    package var initialInterval: Duration
    package var maxInterval: Duration
    package var growth: Double
    package var timeout: Duration

    package init(initialInterval: Duration, maxInterval: Duration, growth: Double, timeout: Duration) {
        self.initialInterval = initialInterval
        self.maxInterval = maxInterval
        self.growth = max(1, growth)
        self.timeout = timeout
    }

    /// 1 s, growing by half up to 10 s, for at most 2 hours.
    package static let standard = PollSchedule(
        initialInterval: .seconds(1), maxInterval: .seconds(10), growth: 1.5, timeout: .seconds(7200))
}
