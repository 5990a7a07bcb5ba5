import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// One id range of a `TypeReader` read, exported, downloaded and staged: the unit
/// `<label>:<type>:<index>`, with the reference `layerclone:<run>:<type>:<label>-<index>`.
///
/// Crash points: `download` once the export completed, `staged` once its file is staged.
struct ExportRangeJob: RemoteJobUnit {
    let client: ReadOnlyClient
    let request: TypeReader.Request
    let runID: String
    let index: Int
    /// The range's id filters with the request's.
    let filters: [String: JSONValue]
    /// The export chunk size the read was cut with (a refusal naming a lower maximum is
    /// `ExportCap.Exceeded`).
    let chunk: Int
    let store: StagingStore
    /// Where export files are downloaded (and removed once staged).
    let downloads: URL
    let events: any EventSink
    let crash: CrashPoints

    init(
        reader: TypeReader, request: TypeReader.Request, index: Int, range: ExportRange, chunk: Int,
        store: StagingStore
    ) {
        client = reader.environment.client
        self.request = request
        runID = reader.runID
        self.index = index
        var filters = request.shape.filters
        if let lower = range.gt { filters["id_gt"] = .string(lower) }
        if let upper = range.lteq { filters["id_lteq"] = .string(upper) }
        self.filters = filters
        self.chunk = chunk
        self.store = store
        downloads = reader.downloads
        events = reader.events
        crash = reader.crash
    }

    var kind: CloneEvent.JobKind { .export }
    var key: WorkUnitKey { .read(request.label, request.type, .range(index)) }
    var plannedDetail: ReadDetail? { nil }

    func reference(attempt: Int) -> String {
        let base = "layerclone:\(runID):\(request.type):\(request.label)-\(index)"
        return attempt > 1 ? "\(base)#\(attempt)" : base
    }

    func summary(of job: ExportJob) -> RemoteJobSummary { job.summary }
    func fetch(_ id: String) async throws -> ExportJob { try await client.export(id) }
    func find(reference: String) async throws -> [ExportJob] {
        try await client.findExports(reference: reference).map(\.job)
    }
    func beforeAttempt(_ unit: WorkUnit) async throws {}
    func started(_ job: ExportJob) async {}

    /// Creates the export; nothing to do (0 records read) when its filters match nothing.
    /// - Throws: `ExportCap.Exceeded` when the API caps exports below `chunk`; `TypeReader.ExportRefused`
    ///   when it refuses the export (422).
    func create(reference: String) async throws -> RemoteJobCreation<Self> {
        var exportRequest = CommerceLayerAPI.ExportRequest(resourceType: request.type)
        let asked = request.shape.forExportJob(catalog: store.catalog)
        exportRequest.includes = asked.includes
        exportRequest.fields = asked.fields.isEmpty ? [] : asked.fields + ["id"]
        exportRequest.filters = filters
        exportRequest.dryData = false
        exportRequest.reference = reference
        exportRequest.referenceOrigin = "layerclone"
        do {
            return .created(try await client.createExport(exportRequest), sent: ())
        } catch CommerceLayerError.exportMatchesNothing {
            return .nothingToDo(ReadDetail(records: 0))
        } catch CommerceLayerError.exportTooManyRecords(_, let maximum?, _) where maximum < chunk {
            throw ExportCap.Exceeded(maximum: maximum)
        } catch CommerceLayerError.api(let error)
            where error.status == 422 && !JobSlotWait.isSlotRefusal(CommerceLayerError.api(error))
        {
            // A refusal for want of a job slot goes on to `JobSlotWait`, which waits for one.
            throw TypeReader.ExportRefused(reason: error.errors.map(\.description).joined(separator: "; "))
        }
    }

    /// Downloads and stages the export's file, and returns its record count with the digest of
    /// what the store now holds of it (checked before a resumed run trusts it).
    func finish(_ job: ExportJob, sent: Void?, unit: WorkUnit) async throws -> ReadDetail {
        crash.reached("download")
        let file = downloads.appendingPathComponent("\(unit.id.replacingOccurrences(of: ":", with: "_")).json")
        let download = try await client.download(export: job, to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let loaded = try store.loader.load(
            file: file.path, type: request.type, name: unit.id, gzipped: false, transforms: request.transforms)
        crash.reached("staged")
        let digest = try store.runFile.digest(type: request.type, .file(unit.id))
        events.emit(
            .typeProgress(type: request.type, phase: .staged, done: download.records, total: download.records))
        return ReadDetail(records: loaded.records, export: job.id, checksum: digest.checksum)
    }
}
