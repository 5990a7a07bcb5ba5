import ResourceCatalog
import ZlibStream

extension JobCenter {
    /// Attributes an import create accepts.
    static let importAttributes: Set<String> = [
        "resource_type", "format", "parent_resource_id", "inputs", "skip_errors", "cleanup_records", "reference",
        "reference_origin", "metadata",
    ]

    /// Creates an import: checks the type (importable only), the format and the number of
    /// inputs (422 past the maximum), keeps the gzipped inputs as its attachment and starts it.
    package func createImport(document: JSONValue, environment: SandboxEnvironment) async throws -> Job {
        let attributes = try JobAttributes(document: document, kind: .imports, allowed: Self.importAttributes)
        let name = try attributes.requiredString("resource_type")
        guard let spec = catalog[ResourceType(name)], spec.isImportable, !spec.isAbstract else {
            throw APIError.validation("resource_type", "is not included in the list", meta: ["value": .string(name)])
        }
        let format = try attributes.string("format") ?? "json"
        let inputs = try ImportInputs.normalize(attributes.values["inputs"], format: format)
        let maximum = configuration.limits.importMaxInputs
        guard inputs.count <= maximum else {
            // Commerce Layer's wording of a count over its limit (as for exports' records_count).
            throw APIError(
                status: 422, code: "VALIDATION_ERROR", title: "must be less than or equal to \(maximum)",
                detail: "inputs_size - must be less than or equal to \(maximum)",
                pointer: "/data/attributes/inputs_size",
                meta: [
                    "error": "less_than_or_equal_to", "value": .int(Int64(inputs.count)),
                    "count": .int(Int64(maximum)),
                ])
        }
        guard !inputs.isEmpty else { throw APIError.validation("inputs", "can't be blank") }
        var given = attributes.values
        given.removeValue(forKey: "inputs")
        given["format"] = .string(format)
        given["skip_errors"] = .bool(try attributes.bool("skip_errors", default: false))
        given["parent_resource_id"] = try attributes.string("parent_resource_id").map(JSONValue.string) ?? .null
        _ = try attributes.bool("cleanup_records", default: false)
        var job = Job(
            id: StoredRecord.newID(), kind: .imports, environment: environment, sequence: registry.nextSequence(),
            resourceType: spec.type, given: given, recordsCount: inputs.count, now: clock.now())
        try attributes.applyCommon(to: &job)
        let raw = attributes.values["inputs"] ?? .null
        let text = format == "csv" ? raw.stringValue ?? "" : raw.canonicalJSON
        let bytes = try GzipDeflater.compress(Array(text.utf8))
        attachments.put(
            jobID: job.id,
            file: .init(
                name: "\(spec.type)-\(job.id)-inputs.\(format).gz", contentType: "application/gzip", bytes: bytes))
        job.hasAttachment = true
        importInputs.withLock { $0[job.id] = inputs }
        do {
            try admit(job)
        } catch {
            attachments.remove(jobID: job.id)
            importInputs.withLock { _ = $0.removeValue(forKey: job.id) }
            throw error
        }
        return job
    }

    /// What one batch of inputs did.
    private struct ImportBatch: Sendable {
        var consumed = 0
        var written = 0
        /// Records the consumed inputs make the job write, nested children included (paced).
        var work = 0
        var errors: [(key: String, messages: [String: [String]])] = []
        var warnings: [(key: String, messages: [String])] = []
        var stopped = false
    }

    /// Writes the inputs batch by batch; interrupts once errors exceed 10 % of the inputs
    /// unless `skip_errors`.
    func runImport(_ run: JobRun) async throws {
        let inputs = importInputs.withLock { $0[run.job.id] } ?? []
        let spec = catalog.spec(run.job.resourceType)
        let parentID = run.job.given["parent_resource_id"]?.stringValue
        let skipErrors = run.job.given["skip_errors"]?.boolValue ?? false
        let environment = run.job.environment
        let importWriter = ImportWriter(
            writer: writer, setsTags: configuration.behaviours.importsSetTags,
            nestedTypeForm: configuration.behaviours.nestedTypeForm)
        let total = inputs.count
        var index = 0
        var errorsSoFar = 0
        while index < total {
            let slice = Array(inputs[index..<min(total, index + Self.batchSize)])
            let errorsBefore = errorsSoFar
            let batch = try await store.write { transaction in
                var batch = ImportBatch()
                for object in slice {
                    batch.consumed += 1
                    // Nested children (a price's tiers) are records the job writes too.
                    batch.work += 1
                    for key in spec.nestedImportChildren { batch.work += object[key]?.arrayValue?.count ?? 0 }
                    let key = ImportInputMapper.logKey(object, spec: spec)
                    do {
                        let outcome = try importWriter.write(
                            object, spec: spec, parentID: parentID, environment: environment, in: transaction)
                        batch.written += 1
                        if !outcome.unknownKeys.isEmpty {
                            batch.warnings.append(
                                (key, outcome.unknownKeys.map { "\($0) is not an attribute; ignored" }))
                        }
                    } catch {
                        batch.errors.append((key, ImportWriter.messages(for: error)))
                        if !skipErrors && (errorsBefore + batch.errors.count) * 10 > total {
                            batch.stopped = true
                            break
                        }
                    }
                }
                return batch
            }
            index += batch.consumed
            errorsSoFar += batch.errors.count
            let live = report(run.job, run.job.generation) { job in
                job.results.processedCount += batch.written
                job.results.errorsCount += batch.errors.count
                job.results.warningsCount += batch.warnings.count
                for (key, messages) in batch.errors {
                    job.results.errorsLog[key] = Self.merge(job.results.errorsLog[key], messages)
                }
                for (key, messages) in batch.warnings {
                    job.results.warningsLog[key] = .array(
                        (job.results.warningsLog[key]?.arrayValue ?? []) + messages.map(JSONValue.string))
                }
            }
            guard live && isLive(run) else { return }
            if batch.stopped {
                let now = clock.now()
                report(run.job, run.job.generation) { $0.move(to: .interrupted, at: now) }
                return
            }
            if run.failsHalfway && index >= run.breakingPoint {
                breakRun(run, key: "job_fail", message: ["base": [.string(JobRun.faultMessage)]])
                return
            }
            try await pace(run, records: batch.work)
        }
        complete(run)
    }

    /// `errors_log` entry merged with more messages for the same key.
    private static func merge(_ existing: JSONValue?, _ messages: [String: [String]]) -> JSONValue {
        var merged = existing?.objectValue ?? [:]
        for (field, list) in messages {
            merged[field] = .array((merged[field]?.arrayValue ?? []) + list.map(JSONValue.string))
        }
        return .object(merged)
    }
}
