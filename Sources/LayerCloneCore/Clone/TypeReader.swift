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
    /// Stops a source read (label `export`) whose records carry attributes the catalog does not
    /// know (`UnknownFields`), before anything is staged; else they are a warning.
    var stopOnUnknownFields = false

    /// What one read asks for.
    struct Request: Sendable {
        let type: ResourceType
        /// Fields, includes and filters (from the planner).
        let shape: ExportShape
        /// Names this read's units and references: `export` on the source, `pre`, `post`…
        /// on the target. Reads with different labels are independent.
        let label: ReadLabel
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
        let countKey = WorkUnitKey.count(request.label, type)
        let countUnit = try journal.plan(countKey)
        var counted = try countUnit.detail(CountDetail.self) ?? CountDetail()
        if countUnit.state != .completed {
            try store.loader.discardRecords(type: type)
            let chunk = exportChunk(recorded: counted)
            var detail = try await countAndCut(request, chunk: chunk, catalog: store.catalog)
            if chunk < chunkSize { detail.exportCap = chunk }
            try journal.markCompleted(countKey, detail: detail)
            counted = detail
        }
        if let unknown = UnknownFields.recorded(type: type, detail: counted) {
            if stopOnUnknownFields { throw CloneError.unknownFields(unknown) }
            events.emit(.warning(unknown.message))
        }
        guard let ranges = counted.ranges, !ranges.isEmpty else { return 0 }
        if counted.method == .get {
            return try await readByPages(request, into: store)
        }
        let chunk = exportChunk(recorded: counted)
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
            try learnExportCap(exceeded.maximum, read: request, store: store)
            return try await read(request, into: store)
        } catch let refusal as ExportRefused {
            // Said once, kept in the journal for the report (`ReadFallback`).
            let count = counted.count ?? 0
            let fallback = ReadFallback(
                type: type, environment: environment.name, reason: refusal.reason,
                listRequests: (count + Query.maxPageSize - 1) / Query.maxPageSize, exportJobs: ranges.count)
            var detail = counted
            fallback.record(in: &detail)
            try journal.markCompleted(countKey, detail: detail)
            events.emit(.warning(fallback.message))
            return try await readByPages(request, into: store)
        }
    }

    /// An export create the API refused (422): the type, or something asked of it (an include,
    /// a field), is not exportable there.
    struct ExportRefused: Error {
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
    private func countAndCut(_ request: Request, chunk: Int, catalog: ResourceCatalog) async throws -> CountDetail {
        let filters = Query().filters(request.shape.filters)
        let first = try await environment.client.page(request.type, query: filters.pageSize(1).page(1))
        guard let count = first.recordCount else {
            throw CommerceLayerError.invalidResponse(
                request: "GET /api/\(request.type)", reason: "no meta.record_count")
        }
        var detail = try await cut(request, count: count, chunk: chunk, filters: filters)
        if request.label == .export, let sample = first.resources.first, let spec = catalog[request.type] {
            UnknownFields.found(in: sample, spec: spec, environment: environment.name)?.record(in: &detail)
        }
        return detail
    }

    /// The count unit's detail for `count` records: the id ranges, or `get` for a page read.
    private func cut(_ request: Request, count: Int, chunk chunkSize: Int, filters: Query) async throws -> CountDetail {
        let client = environment.client
        guard count > 0 else { return CountDetail(count: 0, ranges: []) }
        if count <= Self.pageReadLimit {
            return CountDetail(count: count, ranges: [ExportRange(gt: nil, lteq: nil)], method: .get)
        }
        let jobs = (count + chunkSize - 1) / chunkSize
        let even = (count + jobs - 1) / jobs
        var bounds: [String] = []
        var offset = even
        while offset < count {
            let page = try await client.page(request.type, query: filters.sort("id").pageSize(1).page(offset))
            guard let id = page.resources.first?.id else { break }
            bounds.append(id)
            offset += even
        }
        var ranges: [ExportRange] = []
        var lower: String?
        for bound in bounds {
            ranges.append(ExportRange(gt: lower, lteq: bound))
            lower = bound
        }
        ranges.append(ExportRange(gt: lower, lteq: nil))
        return CountDetail(count: count, ranges: ranges)
    }

    /// Exports, downloads and stages one id range (`ExportRangeJob`); journaled as
    /// `<label>:<type>:<index>`.
    private func readRange(
        _ request: Request, index: Int, range: ExportRange, chunk: Int, into store: StagingStore
    ) async throws -> Int {
        let runner = RemoteJobRunner(
            journal: journal, crash: crash, events: events, slots: environment.exportSlots, watcher: watcher)
        let unit = ExportRangeJob(
            reader: self, request: request, index: index, range: range, chunk: chunk, store: store)
        return try await runner.run(unit)?.records ?? 0
    }

    /// Reads the type with paginated GETs (25 records a request), embedding included parents
    /// as nested objects the way an export with `includes` does. Journaled as one unit.
    private func readByPages(_ request: Request, into store: StagingStore) async throws -> Int {
        let key = WorkUnitKey.read(request.label, request.type, .pages)
        let unit = try journal.plan(key)
        if unit.state == .completed { return try unit.detail(ReadDetail.self)?.records ?? 0 }
        try store.loader.discardRecords(type: request.type)
        let includes = request.shape.includes
        var query = Query().filters(request.shape.filters).sort("id").pageSize(Query.maxPageSize)
        if !includes.isEmpty { query = query.include(includes.joined(separator: ",")) }
        var total = 0
        var index = 0
        for try await page in environment.client.pages(request.type, query: query) {
            index += 1
            let records = page.resources.map { resource in
                PageNesting.record(resource, included: page.included, paths: includes)
            }
            if !records.isEmpty {
                try store.loader.load(records: records, type: request.type, name: "\(unit.id):\(index)")
                total += records.count
            }
        }
        let digest = try store.runFile.digest(type: request.type, .files(prefix: "\(unit.id):"))
        try journal.markCompleted(key, detail: ReadDetail(records: total, checksum: digest.checksum))
        return total
    }
}
