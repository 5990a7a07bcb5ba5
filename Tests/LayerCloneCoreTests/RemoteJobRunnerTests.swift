import CommerceLayerAPI
import Foundation
import LayerCloneTestSupport
import ResourceCatalog
import Synchronization
import Testing

@testable import LayerCloneCore

/// The one loop every remote job runs through, with a job kind whose remote side is in memory:
/// the journal steps it takes, the jobs it adopts instead of creating, and its attempts.
@Suite("Remote job runner")
struct RemoteJobRunnerTests {
    let folder: URL
    let journal: RunJournal
    let events = RecordingEventSink()
    let key = WorkUnitKey.read(.export, "skus", .range(0))

    init() throws {
        folder = TemporaryFolder.url("remote-job-runner")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        journal = try RunJournal(path: folder.appendingPathComponent("journal.db").path)
    }

    var runner: RemoteJobRunner {
        RemoteJobRunner(
            journal: journal, crash: .none, events: events, slots: AsyncSemaphore(permits: 1),
            watcher: SettledAtOnce())
    }

    func unit(_ remote: FakeRemote, key: WorkUnitKey? = nil) -> FakeUnit {
        FakeUnit(remote: remote, key: key ?? self.key)
    }

    @Test("a fresh unit is planned, requested with its job's id, and completed with what finish returned")
    func freshUnit() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let remote = FakeRemote()
        let detail = try await runner.run(unit(remote))
        #expect(detail == ReadDetail(records: 7, export: "job-1"))
        #expect(remote.created == ["ref"])
        #expect(remote.finished == [.init(job: "job-1", sent: "payload-ref")])
        let journaled = try #require(try journal.unit(key))
        #expect(journaled.state == .completed && journaled.remoteID == "job-1" && journaled.attempts == 1)
        #expect(journaled.reference == "ref")
        #expect(try journaled.detail(ReadDetail.self) == ReadDetail(records: 7, export: "job-1"))
        #expect(
            try journal.events().filter { $0.unit == key.description }.map(\.state) == [
                .planned, .requested, .completed,
            ])
        #expect(
            events.events.contains(
                .jobFinished(kind: .export, type: "skus", id: "job-1", status: "completed", records: 7, errors: 0)))
        #expect(remote.attemptsSeen == [.planned])
    }

    @Test("a completed unit returns what it recorded and creates nothing")
    func completedUnit() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let remote = FakeRemote()
        try await runner.run(unit(remote))
        let again = try await runner.run(unit(remote))
        #expect(again == ReadDetail(records: 7, export: "job-1"))
        #expect(remote.created == ["ref"])
        #expect(remote.finished.count == 1)
    }

    @Test("a unit a killed process journaled as requested fetches its job instead of creating one")
    func requestedUnit() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let remote = FakeRemote()
        remote.add(FakeJob(id: "earlier", reference: "ref", status: .completed))
        try journal.plan(key, reference: "ref")
        try journal.markRequested(key, remoteID: "earlier")
        let detail = try await runner.run(unit(remote))
        #expect(detail == ReadDetail(records: 7, export: "earlier"))
        #expect(remote.created.isEmpty)
        #expect(remote.finished == [.init(job: "earlier", sent: nil)], "a job found again was not sent by this process")
    }

    @Test("a job the remote side holds under the unit's reference is adopted, not created again")
    func adoptsByReference() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let remote = FakeRemote()
        remote.add(FakeJob(id: "landed-late", reference: "ref", status: .completed))
        let detail = try await runner.run(unit(remote))
        #expect(detail?.export == "landed-late")
        #expect(remote.created.isEmpty)
        #expect(
            events.events.contains(
                .jobCreated(kind: .export, type: "skus", id: "landed-late", reference: "ref", adopted: true)))
    }

    @Test("a failed job is tried again with the next reference, after the unit is seen failed")
    func retriesFailedJob() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let remote = FakeRemote(outcomes: [.failed])
        let detail = try await runner.run(unit(remote))
        #expect(detail == ReadDetail(records: 7, export: "job-2"))
        #expect(remote.created == ["ref", "ref#2"])
        #expect(remote.attemptsSeen == [.planned, .failed])
        #expect(try journal.unit(key)?.attempts == 2)
    }

    @Test("a unit whose jobs keep failing fails after jobAttempts jobs, with the last reason")
    func givesUp() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let remote = FakeRemote(outcomes: Array(repeating: .failed, count: CloneError.jobAttempts + 1))
        let error = await #expect(throws: CloneError.self) { try await runner.run(unit(remote)) }
        guard case .jobFailed(let unitID, let reason)? = error else {
            Issue.record("expected jobFailed, got \(String(describing: error))")
            return
        }
        #expect(unitID == key.description)
        #expect(reason == "export job-\(CloneError.jobAttempts) ended failed: {\"boom\":true}")
        #expect(remote.created.count == CloneError.jobAttempts)
        #expect(remote.created.last == "ref#\(CloneError.jobAttempts)")
        #expect(try journal.unit(key)?.state == .failed)
    }

    @Test("a create with nothing to do completes the unit with the detail it gave")
    func nothingToCreate() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let remote = FakeRemote(nothingToCreate: true)
        let detail = try await runner.run(unit(remote))
        #expect(detail == ReadDetail(records: 0, checksum: 42))
        let journaled = try #require(try journal.unit(key))
        #expect(journaled.state == .completed && journaled.remoteID == nil)
        #expect(try journaled.detail(ReadDetail.self) == ReadDetail(records: 0, checksum: 42))
        #expect(remote.finished.isEmpty)
    }
}

/// A job of the in-memory remote side.
struct FakeJob: Sendable, Equatable {
    let id: String
    let reference: String
    let status: JobStatus
}

/// The remote side of `FakeUnit`: its jobs, what was created, and what each job's create ends as.
final class FakeRemote: Sendable {
    struct Finished: Equatable {
        let job: String
        let sent: String?
    }
    private struct State {
        var jobs: [FakeJob] = []
        var created: [String] = []
        var finished: [Finished] = []
        var attemptsSeen: [WorkUnitState] = []
        var outcomes: [JobStatus]
    }
    private let state: Mutex<State>
    let nothingToCreate: Bool

    /// - Parameter outcomes: how the jobs created end, in order; `completed` past the list.
    init(outcomes: [JobStatus] = [], nothingToCreate: Bool = false) {
        state = Mutex(State(outcomes: outcomes))
        self.nothingToCreate = nothingToCreate
    }

    var created: [String] { state.withLock { $0.created } }
    var finished: [Finished] { state.withLock { $0.finished } }
    var attemptsSeen: [WorkUnitState] { state.withLock { $0.attemptsSeen } }
    var jobs: [FakeJob] { state.withLock { $0.jobs } }

    func add(_ job: FakeJob) { state.withLock { $0.jobs.append(job) } }

    func create(reference: String) -> FakeJob {
        state.withLock { state in
            state.created.append(reference)
            let status = state.outcomes.isEmpty ? JobStatus.completed : state.outcomes.removeFirst()
            let job = FakeJob(id: "job-\(state.created.count)", reference: reference, status: status)
            state.jobs.append(job)
            return job
        }
    }

    func saw(attempt: WorkUnitState) { state.withLock { $0.attemptsSeen.append(attempt) } }
    func finished(_ job: String, sent: String?) { state.withLock { $0.finished.append(.init(job: job, sent: sent)) } }
}

/// An export-like unit on `FakeRemote`: its create sends `payload-<reference>`, and a completed
/// job yields 7 records.
struct FakeUnit: RemoteJobUnit {
    let remote: FakeRemote
    let key: WorkUnitKey

    var kind: CloneEvent.JobKind { .export }
    var plannedDetail: ReadDetail? { nil }
    func reference(attempt: Int) -> String { attempt > 1 ? "ref#\(attempt)" : "ref" }
    func summary(of job: FakeJob) -> RemoteJobSummary {
        RemoteJobSummary(
            id: job.id, status: job.status, records: 7, errors: 0,
            errorsLog: job.status == .completed ? nil : .object(["boom": .bool(true)]))
    }
    func fetch(_ id: String) async throws -> FakeJob {
        guard let job = remote.jobs.first(where: { $0.id == id }) else { throw NoSuchJob(id: id) }
        return job
    }
    func find(reference: String) async throws -> [FakeJob] { remote.jobs.filter { $0.reference == reference } }
    func create(reference: String) async throws -> RemoteJobCreation<Self> {
        if remote.nothingToCreate { return .nothingToDo(ReadDetail(records: 0, checksum: 42)) }
        return .created(remote.create(reference: reference), sent: "payload-\(reference)")
    }
    func beforeAttempt(_ unit: WorkUnit) async throws { remote.saw(attempt: unit.state) }
    func started(_ job: FakeJob) async {}
    func finish(_ job: FakeJob, sent: String?, unit: WorkUnit) async throws -> ReadDetail {
        remote.finished(job.id, sent: sent)
        return ReadDetail(records: 7, export: job.id)
    }
}

struct NoSuchJob: Error {
    let id: String
}

/// Every job is settled when asked.
struct SettledAtOnce: JobSettling {
    func waitUntilSettled(_ id: String) async throws {}
}
