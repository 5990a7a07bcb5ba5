import ResourceCatalog

extension JobCenter {
    /// Attributes an export create accepts.
    static let exportAttributes: Set<String> = [
        "resource_type", "format", "includes", "fields", "filters", "dry_data", "jwt_filters", "reference",
        "reference_origin", "metadata",
    ]

    /// The checked settings of an export.
    struct ExportPlan: Sendable {
        var types: [ResourceType]
        var shape: ExportShape
        var filters: [FilterPredicate]
        var format: String
        var dryData: Bool
    }

    /// Reads and checks an export's settings from its creation attributes.
    func exportPlan(_ given: [String: JSONValue]) throws(APIError) -> (spec: ResourceSpec, plan: ExportPlan) {
        let attributes = JobAttributes(values: given)
        let name = try attributes.requiredString("resource_type")
        guard let spec = catalog[ResourceType(name)], configuration.behaviours.exportableTypes.accepts(spec) else {
            throw .validation("resource_type", "is not included in the list", meta: ["value": .string(name)])
        }
        let format = try attributes.string("format") ?? "json"
        guard format == "json" || format == "csv" else {
            throw .validation("format", "is not included in the list", meta: ["value": .string(format)])
        }
        let includes = try attributes.strings("includes")
        for path in includes where !configuration.behaviours.exportIncludes.accepts(path, of: spec.type) {
            throw .validation("includes", "is invalid: \(path) cannot be included in an export of \(spec.type)")
        }
        let shape = try ExportShape.parse(
            spec: spec, includes: includes, fields: try attributes.strings("fields"),
            catalog: catalog)
        let filters = try JobAttributes.filters(try attributes.object("filters"), spec: spec, catalog: catalog)
        let plan = ExportPlan(
            types: spec.isAbstract ? spec.subtypes : [spec.type], shape: shape, filters: filters, format: format,
            dryData: try attributes.bool("dry_data", default: false))
        return (spec, plan)
    }

    /// Creates an export: checks it, counts the matching records (422 past the maximum or when
    /// none match) and starts it.
    package func createExport(document: JSONValue, environment: SandboxEnvironment) async throws -> Job {
        let attributes = try JobAttributes(document: document, kind: .exports, allowed: Self.exportAttributes)
        let (spec, plan) = try exportPlan(attributes.values)
        _ = try attributes.bool("jwt_filters", default: false)
        let count = try await matchingCount(types: plan.types, filters: plan.filters, environment: environment)
        let maximum = configuration.limits.exportMaxRecords
        if count > maximum {
            throw APIError(
                status: 422, code: "VALIDATION_ERROR", title: "must be less than or equal to \(maximum)",
                detail: "records_count - must be less than or equal to \(maximum)",
                pointer: "/data/attributes/records_count",
                meta: ["error": "less_than_or_equal_to", "count": .int(Int64(maximum))])
        }
        if count == 0 {
            throw APIError(
                status: 422, code: "VALIDATION_ERROR", title: "must be greater than 0",
                detail: "records_count - must be greater than 0", pointer: "/data/attributes/records_count",
                meta: ["error": "greater_than", "count": 0])
        }
        var given = attributes.values
        given["format"] = .string(plan.format)
        given["dry_data"] = .bool(plan.dryData)
        for name in ["includes", "fields"] where given[name] == nil { given[name] = [] }
        if given["filters"] == nil { given["filters"] = [:] }
        if given["jwt_filters"] == nil { given["jwt_filters"] = false }
        var job = Job(
            id: StoredRecord.newID(), kind: .exports, environment: environment, sequence: registry.nextSequence(),
            resourceType: spec.type, given: given, recordsCount: count, now: clock.now())
        try attributes.applyCommon(to: &job)
        try admit(job)
        return job
    }

    /// The number of records of `types` matching `filters`.
    /// - Throws: 422 on `filters` when a value does not fit its field.
    func matchingCount(types: [ResourceType], filters: [FilterPredicate], environment: SandboxEnvironment)
        async throws -> Int
    {
        var query = RecordQuery(types: types, environment: environment)
        query.filters = filters
        query.limit = 0
        let finalQuery = query
        do {
            return try await store.read { try $0.list(finalQuery).total }
        } catch let error as APIError {
            throw APIError.validation("filters", "is invalid: \(error.detail)")
        }
    }

    /// Writes the export file batch by batch, then publishes it at the attachment URL.
    func runExport(_ run: JobRun) async throws {
        let (_, plan) = try exportPlan(run.job.given)
        let serializer = ExportSerializer(
            catalog: catalog, dryData: plan.dryData, keepsRelationIDs: configuration.behaviours.dryDataKeepsRelationIDs,
            keepsFalse: configuration.behaviours.dryDataKeepsFalse)
        var file: any ExportFileWriter =
            plan.format == "csv"
            ? try CSVExportWriter(columns: serializer.columns(shape: plan.shape)) : try JSONArrayExportWriter()
        var lastID: String?
        var processed = 0
        let limit = min(run.job.recordsCount, configuration.limits.exportMaxRecords)
        while processed < limit {
            var query = RecordQuery(types: plan.types, environment: run.job.environment)
            query.filters = plan.filters
            if let lastID { query.filters.append(FilterPredicate(fields: [.id], op: .gt, values: [lastID])) }
            let untilBreak = run.failsHalfway ? max(1, run.breakingPoint - processed) : Self.batchSize
            query.limit = min(Self.batchSize, limit - processed, untilBreak)
            let finalQuery = query
            let shape = plan.shape
            let batch = try await store.read { transaction in
                let records = try transaction.list(finalQuery).records
                return (try serializer.objects(records, shape: shape, in: transaction), records.last?.id)
            }
            guard let last = batch.1 else { break }
            for object in batch.0 { try file.append(object) }
            lastID = last
            processed += batch.0.count
            let count = processed
            guard report(run.job, run.job.generation, { $0.results.processedCount = count }) && isLive(run) else {
                return
            }
            if run.failsHalfway && processed >= run.breakingPoint {
                breakRun(run, key: "RuntimeError", message: .string(JobRun.faultMessage))
                return
            }
            try await pace(run, records: batch.0.count)
        }
        let bytes = try file.finish()
        guard isLive(run) else { return }
        let name = "\(run.job.resourceType)-\(run.job.id).\(file.fileExtension)"
        attachments.put(jobID: run.job.id, file: .init(name: name, contentType: "application/gzip", bytes: bytes))
        complete(run) { job in
            job.results.processedCount = processed
            job.hasAttachment = true
        }
    }
}
