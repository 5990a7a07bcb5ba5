import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// Reads every record of one type from one environment into a staging store: export jobs cut
/// into id ranges of at most the export chunk size, or paginated GETs when the environment
/// refuses to export the type. Every range is a journaled unit, so a resumed run finds its
/// jobs again (by reference) instead of creating them twice.
///
/// Reads keep ids and never ask for `dry_data`: its output is not documented beyond "skips
/// IDs, timestamps, blanks, etc." (whether `<relation>_id` keys and `false` survive is
/// unknown), while a plain export documents `<relation>_id` for every relationship. Records
/// keep their source id, so a parent an export may not include (`ExportIncludeWhitelist`) is
/// found by it, and nothing a blank-dropping export would lose goes missing. Ids, timestamps
/// and blanks are left out of writes by staging.
struct TypeReader: Sendable {
    let environment: ReadingSide
    let journal: RunJournal
    let runID: String
    let downloads: URL
    let events: any EventSink
    let crash: CrashPoints
    let chunkSize: Int
    /// Watches this environment's export jobs of the run.
    let watcher: JobWatcher
    /// Stops a source read (`sourceLabel`) whose records carry attributes the catalog does not
    /// know (`UnknownFields`), before anything is staged; else they are a warning.
    var stopOnUnknownFields = false

    private var starter: RemoteJobStarter { RemoteJobStarter(journal: journal, crash: crash, events: events) }

    /// The label of the source reads of a plan's types.
    static let sourceLabel = "export"
    /// The label of the source reads of the types a plan only looks up.
    static let lookupSourceLabel = "lookup-source"

    /// What one read asks for.
    struct Request: Sendable {
        let type: ResourceType
        /// Fields, includes and filters (from the planner).
        let shape: ExportShape
        /// Names this read's units and references: `export` on the source, `pre`, `post`…
        /// on the target. Reads with different labels are independent.
        let label: String
        /// The plan's transforms, applied as export files are loaded (the later
        /// `StagingStore.apply` then only rewrites what was loaded otherwise).
        var transforms: [Transform] = []
    }

    /// Reads the type into `store` and returns the records staged by this read.
    ///
    /// A fresh read first discards what `store` held of the type (a target scan replaces the
    /// previous one); a resumed read keeps what it had staged already.
    @discardableResult
    func read(_ request: Request, into store: StagingStore) async throws -> Int {
        let type = request.type
        let countID = "count:\(request.label):\(type)"
        var countUnit = try journal.plan(countID, kind: .count, type: type)
        if countUnit.state != .completed {
            try store.discardRecords(type: type)
            let chunk = exportChunk(recorded: countUnit.detail)
            let (detail, found) = try await countAndCut(request, chunk: chunk, catalog: store.catalog)
            var members = (detail.objectValue ?? [:]).merging(found?.journalDetail ?? [:]) { $1 }
            if chunk < chunkSize { members[ExportCap.detailKey] = .int(Int64(chunk)) }
            try journal.markCompleted(countID, detail: .object(members))
            countUnit = try journal.unit(countID) ?? countUnit
        }
        if let unknown = UnknownFields.recorded(type: type, detail: countUnit.detail) {
            if stopOnUnknownFields { throw CloneError.unknownFields(unknown) }
            events.emit(.warning(unknown.message))
        }
        guard let ranges = countUnit.detail["ranges"]?.arrayValue, !ranges.isEmpty else { return 0 }
        if countUnit.detail["method"]?.stringValue == "get" {
            return try await readByPages(request, into: store)
        }
        let chunk = exportChunk(recorded: countUnit.detail)
        do {
            return try await withThrowingTaskGroup(of: Int.self) { group in
                for (index, range) in ranges.enumerated() {
                    group.addTask {
                        try await readRange(request, index: index, range: range, chunk: chunk, into: store)
                    }
                }
                return try await group.reduce(0, +)
            }
        } catch let exceeded as ExportCap.Exceeded {
            try learnExportCap(exceeded.maximum, read: request, countID: countID, store: store)
            return try await read(request, into: store)
        } catch let refusal as ExportRefused {
            // Said once, kept in the journal for the report (`ReadFallback`).
            let count = Int(countUnit.detail["count"]?.intValue ?? 0)
            let fallback = ReadFallback(
                type: type, environment: environment.name, reason: refusal.reason,
                listRequests: (count + Query.maxPageSize - 1) / Query.maxPageSize, exportJobs: ranges.count)
            try journal.markCompleted(
                countID,
                detail: .object((countUnit.detail.objectValue ?? [:]).merging(fallback.journalDetail) { $1 }))
            events.emit(.warning(fallback.message))
            return try await readByPages(request, into: store)
        }
    }

    /// An export create the API refused (422): the type, or something asked of it (an include,
    /// a field), is not exportable there.
    private struct ExportRefused: Error {
        let reason: String
    }

    /// Sets at most this large are read page by page: a few list requests cost less than an
    /// export's create, polls, read and download.
    static let pageReadLimit = 4 * Query.maxPageSize

    /// Counts the type and decides how to read it: page by page for small sets, else export
    /// jobs over as few id ranges of at most `chunkSize` records as it takes, of even sizes
    /// (the longest job sets the pace), whose boundaries are found by listing the id-sorted
    /// set at offsets. The count's one record tells a source read which of its attributes the
    /// catalog does not know.
    private func countAndCut(_ request: Request, chunk: Int, catalog: ResourceCatalog) async throws
        -> (JSONValue, UnknownFields?)
    {
        let filters = Query().filters(request.shape.filters)
        let first = try await environment.client.page(request.type, query: filters.pageSize(1).page(1))
        guard let count = first.recordCount else {
            throw CommerceLayerError.invalidResponse(
                request: "GET /api/\(request.type)", reason: "no meta.record_count")
        }
        var unknown: UnknownFields?
        if request.label == Self.sourceLabel, let sample = first.resources.first, let spec = catalog[request.type] {
            unknown = UnknownFields.found(in: sample, spec: spec, environment: environment.name)
        }
        return (try await cut(request, count: count, chunk: chunk, filters: filters), unknown)
    }

    /// The count unit's detail for `count` records: the id ranges, or `get` for a page read.
    private func cut(_ request: Request, count: Int, chunk chunkSize: Int, filters: Query) async throws -> JSONValue {
        let client = environment.client
        guard count > 0 else { return ["count": 0, "ranges": []] }
        if count <= Self.pageReadLimit {
            return ["count": .int(Int64(count)), "ranges": [["gt": nil, "lteq": nil]], "method": "get"]
        }
        let jobs = (count + chunkSize - 1) / chunkSize
        let even = (count + jobs - 1) / jobs
        var bounds: [JSONValue] = []
        var offset = even
        while offset < count {
            let page = try await client.page(request.type, query: filters.sort("id").pageSize(1).page(offset))
            guard let id = page.resources.first?.id else { break }
            bounds.append(.string(id))
            offset += even
        }
        var ranges: [JSONValue] = []
        var lower: JSONValue = .null
        for bound in bounds {
            ranges.append(["gt": lower, "lteq": bound])
            lower = bound
        }
        ranges.append(["gt": lower, "lteq": .null])
        return ["count": .int(Int64(count)), "ranges": .array(ranges)]
    }

    private func reference(_ request: Request, index: Int, attempt: Int) -> String {
        let base = "layerclone:\(runID):\(request.type):\(request.label)-\(index)"
        return attempt > 1 ? "\(base)#\(attempt)" : base
    }

    /// Exports, downloads and stages one id range; journaled as `<label>:<type>:<index>`.
    private func readRange(
        _ request: Request, index: Int, range: JSONValue, chunk: Int, into store: StagingStore
    ) async throws
        -> Int
    {
        let unitID = "\(request.label):\(request.type):\(index)"
        var unit = try journal.plan(
            unitID, kind: .export, type: request.type, reference: reference(request, index: index, attempt: 1))
        if unit.state == .completed { return Int(unit.detail["records"]?.intValue ?? 0) }
        var rangeFilters = request.shape.filters
        if let lower = range["gt"]?.stringValue { rangeFilters["id_gt"] = .string(lower) }
        if let upper = range["lteq"]?.stringValue { rangeFilters["id_lteq"] = .string(upper) }
        let filters = rangeFilters
        let client = environment.client
        while true {
            try Task.checkCancellation()
            let current = unit
            let job = try await environment.exportSlots.withPermit { () -> ExportJob? in
                let reference = reference(request, index: index, attempt: current.attempts + 1)
                let started = try await starter.start(
                    current, kind: .export, reference: reference, id: \ExportJob.id,
                    fetch: { try await client.export($0) },
                    find: { try await client.findExports(reference: $0).map(\.job) },
                    create: {
                        var exportRequest = CommerceLayerAPI.ExportRequest(resourceType: request.type)
                        let asked = request.shape.forExportJob(catalog: store.catalog)
                        exportRequest.includes = asked.includes
                        exportRequest.fields = asked.fields.isEmpty ? [] : asked.fields + ["id"]
                        exportRequest.filters = filters
                        exportRequest.dryData = false
                        exportRequest.reference = reference
                        exportRequest.referenceOrigin = "layerclone"
                        do {
                            return try await client.createExport(exportRequest)
                        } catch CommerceLayerError.exportMatchesNothing {
                            return nil
                        } catch CommerceLayerError.exportTooManyRecords(_, let maximum?, _) where maximum < chunk {
                            throw ExportCap.Exceeded(maximum: maximum)
                        } catch CommerceLayerError.api(let error) where error.status == 422 {
                            throw ExportRefused(reason: error.errors.map(\.description).joined(separator: "; "))
                        }
                    })
                guard let job = started?.job else { return nil }
                try await watcher.waitUntilSettled(job.id)
                return try await client.export(job.id)
            }
            unit = try journal.unit(unitID) ?? unit
            guard let job else {
                try journal.markCompleted(unitID, detail: ["records": 0])
                return 0
            }
            events.emit(
                .jobFinished(
                    kind: .export, type: request.type, id: job.id, status: job.status.rawValue,
                    records: job.recordsCount ?? 0, errors: 0))
            guard job.status == .completed else {
                let reason = "export \(job.id) ended \(job.status): \(job.errorsLog?.canonicalJSON ?? "no log")"
                try journal.markFailed(unitID, error: reason)
                unit = try journal.unit(unitID) ?? unit
                guard unit.attempts < CloneError.jobAttempts else {
                    throw CloneError.jobFailed(unit: unitID, reason: reason)
                }
                continue
            }
            crash.reached("download")
            let file = downloads.appendingPathComponent("\(unitID.replacingOccurrences(of: ":", with: "_")).json")
            let download = try await client.download(export: job, to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let loaded = try store.load(
                file: file.path, type: request.type, name: unitID, gzipped: false, transforms: request.transforms)
            crash.reached("staged")
            // What the store now holds of this file, checked before a resumed run trusts it.
            let digest = try store.digest(type: request.type, .file(unitID))
            try journal.markCompleted(
                unitID,
                detail: [
                    "records": .int(Int64(loaded.records)), "export": .string(job.id),
                    "checksum": .int(digest.checksum),
                ])
            events.emit(
                .typeProgress(type: request.type, phase: .staged, done: download.records, total: download.records))
            return loaded.records
        }
    }

    /// Reads the type with paginated GETs (25 records a request), embedding included parents
    /// as nested objects the way an export with `includes` does. Journaled as one unit.
    private func readByPages(_ request: Request, into store: StagingStore) async throws -> Int {
        let unitID = "\(request.label):\(request.type):get"
        let unit = try journal.plan(unitID, kind: .export, type: request.type)
        if unit.state == .completed { return Int(unit.detail["records"]?.intValue ?? 0) }
        try store.discardRecords(type: request.type)
        let includes = request.shape.includes
        var query = Query().filters(request.shape.filters).sort("id").pageSize(Query.maxPageSize)
        if !includes.isEmpty { query = query.include(includes.joined(separator: ",")) }
        var total = 0
        var number = 1
        while true {
            try Task.checkCancellation()
            let page = try await environment.client.page(request.type, query: query.page(number))
            let records = page.resources.map { resource in
                PageNesting.record(resource, included: page.included, paths: includes)
            }
            if !records.isEmpty {
                try store.load(records: records, type: request.type, name: "\(unitID):\(number)")
                total += records.count
            }
            if records.count < Query.maxPageSize || number >= (page.pageCount ?? number) { break }
            number += 1
        }
        let digest = try store.digest(type: request.type, .files(prefix: "\(unitID):"))
        try journal.markCompleted(unitID, detail: ["records": .int(Int64(total)), "checksum": .int(digest.checksum)])
        return total
    }
}
