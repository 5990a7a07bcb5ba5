import ResourceCatalog

extension JobCenter {
    /// Attributes a cleanup create accepts.
    static let cleanupAttributes: Set<String> = [
        "resource_type", "filters", "reference", "reference_origin", "metadata",
    ]

    /// Reads a cleanup's type and filters.
    private func cleanupPlan(_ given: [String: JSONValue]) throws(APIError) -> (ResourceSpec, [FilterPredicate]) {
        let attributes = JobAttributes(values: given)
        let name = try attributes.requiredString("resource_type")
        guard let spec = catalog[ResourceType(name)], !spec.isAbstract else {
            throw .validation("resource_type", "is not included in the list", meta: ["value": .string(name)])
        }
        return (spec, try JobAttributes.filters(try attributes.object("filters"), spec: spec, catalog: catalog))
    }

    /// Creates a cleanup of the records of `resource_type` matching `filters` and starts it.
    package func createCleanup(document: JSONValue, environment: SandboxEnvironment) async throws -> Job {
        let attributes = try JobAttributes(document: document, kind: .cleanups, allowed: Self.cleanupAttributes)
        let (spec, filters) = try cleanupPlan(attributes.values)
        let count = try await matchingCount(types: [spec.type], filters: filters, environment: environment)
        var given = attributes.values
        if given["filters"] == nil { given["filters"] = [:] }
        var job = Job(
            id: StoredRecord.newID(), kind: .cleanups, environment: environment, sequence: registry.nextSequence(),
            resourceType: spec.type, given: given, recordsCount: count, now: clock.now())
        try attributes.applyCommon(to: &job)
        try admit(job)
        return job
    }

    /// Deletes the matching records batch by batch; a record that cannot be deleted is logged
    /// under its id.
    func runCleanup(_ run: JobRun) async throws {
        let (spec, filters) = try cleanupPlan(run.job.given)
        let environment = run.job.environment
        let writer = self.writer
        var lastID: String?
        while true {
            var query = RecordQuery(types: [spec.type], environment: environment)
            query.filters = filters
            if let lastID { query.filters.append(FilterPredicate(fields: [.id], op: .gt, values: [lastID])) }
            query.limit = Self.batchSize
            let finalQuery = query
            let outcome = try await store.write { transaction in
                let records = try transaction.list(finalQuery).records
                var deleted = 0
                var errors: [(String, String)] = []
                for record in records {
                    do {
                        try writer.delete(type: record.type, id: record.id, environment: environment, in: transaction)
                        deleted += 1
                    } catch {
                        errors.append((record.id, "\(error)"))
                    }
                }
                return (records.count, records.last?.id, deleted, errors)
            }
            guard let last = outcome.1 else { break }
            lastID = last
            let live = report(run.job, run.job.generation) { job in
                job.results.processedCount += outcome.0
                job.results.destroyedCount += outcome.2
                job.results.errorsCount += outcome.3.count
                for (id, message) in outcome.3 { job.results.errorsLog[id] = ["base": [.string(message)]] }
            }
            guard live && isLive(run) else { return }
            if run.failsHalfway && (registry.job(run.job.id)?.results.processedCount ?? 0) >= run.breakingPoint {
                breakRun(run, key: "job_fail", message: ["base": [.string(JobRun.faultMessage)]])
                return
            }
            try await pace(run, records: outcome.0)
        }
        complete(run)
    }
}
