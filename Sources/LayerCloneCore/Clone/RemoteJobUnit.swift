import CommerceLayerAPI
import ResourceCatalog

/// One journaled unit of work done by one remote job: an export of an id range
/// (`ExportRangeJob`) or an import of a chunk (`ImportChunkJob`). It says how to create its job,
/// how to read one, and what the unit yields once its job completed; `RemoteJobRunner` does the
/// rest, the same for every kind.
protocol RemoteJobUnit: Sendable {
    /// The job as the API returns it (`ExportJob`, `ImportJob`).
    associatedtype Job: Sendable
    /// What this process sent with a create, when it sent one (an import's payload).
    associatedtype Sent: Sendable
    /// What the unit journals once it is completed.
    associatedtype Detail: UnitDetail

    /// Which kind of job, for events, crash points and messages.
    var kind: CloneEvent.JobKind { get }
    /// The journal unit.
    var key: WorkUnitKey { get }
    /// The detail the unit is planned with; nil when it records nothing before it completes.
    var plannedDetail: Detail? { get }

    /// The deterministic reference of the job of the unit's `attempt` (1 for the first).
    func reference(attempt: Int) -> String
    /// What the runner reads of a job: its id, status, counts and `errors_log`.
    func summary(of job: Job) -> RemoteJobSummary
    /// Retrieves a job by id.
    func fetch(_ id: String) async throws -> Job
    /// The jobs carrying `reference`, latest last.
    func find(reference: String) async throws -> [Job]
    /// Creates the job carrying `reference`.
    /// - Returns: the job and what was sent, or the detail to complete the unit with when
    ///   there is nothing to create (an export whose filters match no record).
    func create(reference: String) async throws -> RemoteJobCreation<Self>
    /// Runs before each attempt (an import failed before rereads its type first).
    func beforeAttempt(_ unit: WorkUnit) async throws
    /// Runs once the attempt's job exists (created or found again), before it is waited for.
    func started(_ job: Job) async
    /// Takes in what a completed job produced (downloads and stages an export, harvests an
    /// import's `errors_log`) and returns the detail to journal.
    /// - Parameters:
    ///   - sent: what this process sent with the create; nil when the job was found again.
    ///   - unit: the unit as journaled now.
    func finish(_ job: Job, sent: Sent?, unit: WorkUnit) async throws -> Detail
}

/// What a `RemoteJobUnit`'s create did.
enum RemoteJobCreation<Unit: RemoteJobUnit>: Sendable {
    /// The job it created, with what it sent.
    case created(Unit.Job, sent: Unit.Sent)
    /// Nothing to create: the unit is complete with this detail.
    case nothingToDo(Unit.Detail)
}

/// What `RemoteJobRunner` reads of any job.
struct RemoteJobSummary: Sendable, Equatable {
    let id: String
    let status: JobStatus
    /// Records it exported, or processed.
    let records: Int
    /// Inputs it rejected (exports: 0).
    let errors: Int
    let errorsLog: JSONValue?
}

extension ExportJob {
    /// The export as `RemoteJobRunner` reads it.
    var summary: RemoteJobSummary {
        RemoteJobSummary(id: id, status: status, records: recordsCount ?? 0, errors: 0, errorsLog: errorsLog)
    }
}

extension ImportJob {
    /// The import as `RemoteJobRunner` reads it.
    var summary: RemoteJobSummary {
        RemoteJobSummary(
            id: id, status: status, records: processedCount ?? 0, errors: errorsCount ?? 0, errorsLog: errorsLog)
    }
}

/// Waits until a job is no longer pending or in progress (`JobWatcher`).
protocol JobSettling: Sendable {
    func waitUntilSettled(_ id: String) async throws
}

extension JobWatcher: JobSettling {}
