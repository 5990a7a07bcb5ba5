import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// One chunk of an `ImportWriter` write, imported and harvested: the unit
/// `import:<type>:<chunk>`, with the reference `layerclone:<run>:<type>:<chunk>`.
///
/// Crash points: `nested-form` once the run switched the form of the nested children's
/// `type`, `import-harvested` once the import's `errors_log` is harvested.
struct ImportChunkJob: RemoteJobUnit {
    let writer: ImportWriter
    let chunk: ImportChunk
    /// Opened once this chunk's import exists (the probe chunk, see `ImportWriter.send`).
    let created: OneShot?

    var kind: CloneEvent.JobKind { .import }
    var key: WorkUnitKey { writer.key(chunk) }
    var plannedDetail: ImportDetail? { ImportDetail(size: chunk.size) }

    private var client: CommerceLayerClient { writer.target.client }
    private var store: StagingStore { writer.store }

    func reference(attempt: Int) -> String {
        let base = "layerclone:\(writer.runID):\(chunk.type):\(chunk.index)"
        return attempt > 1 ? "\(base)#\(attempt)" : base
    }

    func summary(of job: ImportJob) -> RemoteJobSummary { job.summary }
    func fetch(_ id: String) async throws -> ImportJob { try await client.import(id) }
    func find(reference: String) async throws -> [ImportJob] {
        try await client.findImports(reference: reference).map(\.job)
    }

    /// A chunk whose last import failed is sent again after its type is read from the target
    /// again (so the resend updates what that import created).
    func beforeAttempt(_ unit: WorkUnit) async throws {
        if unit.state == .failed { try await writer.rescan(chunk.type) }
    }

    /// The target took an import this large; the probe's waiters go on.
    func started(_ job: ImportJob) async {
        writer.importCap.accept(chunk.size)
        await created?.succeed()
    }

    /// Creates the import, with the inputs built ahead or built now, in the nested form the
    /// run uses now (journaled when the chunk nests children).
    /// - Throws: `InputsTooMany` when the target takes fewer inputs per import.
    func create(reference: String) async throws -> RemoteJobCreation<Self> {
        let nestedNow = writer.nestedNow
        var payload =
            try writer.prepared.take(chunk.id)
            ?? store.chunks.readChunk(chunk, nested: nestedNow, toMany: writer.toMany)
        if let form = payload.nestedForm, let forms = writer.forms {
            // Built before the run switched forms: built again in the new one.
            if form != forms.current {
                payload = try store.chunks.readChunk(chunk, nested: nestedNow, toMany: writer.toMany)
            }
            let sentForm = payload.nestedForm
            try writer.journal.updateDetail(key, initial: ImportDetail(size: chunk.size)) { $0.nestedForm = sentForm }
        }
        var request = ImportRequest(resourceType: chunk.type, inputsJSON: payload.inputsJSON)
        request.parentResourceID = chunk.parentResourceID
        request.skipErrors = true
        request.reference = reference
        request.referenceOrigin = "layerclone"
        do {
            return .created(try await client.createImport(request), sent: payload)
        } catch CommerceLayerError.api(let error) where InputsTooMany(error) != nil {
            throw InputsTooMany(error)!
        }
    }

    /// Harvests the import: records its rejections and what it created, and queues again the
    /// inputs refused for their nested children's form (`NestedFormChoice`).
    /// - Parameter sent: the payload this process sent (it names the children it nests); nil
    ///   when the import was found again.
    func finish(_ job: ImportJob, sent: ImportPayload?, unit: WorkUnit) async throws -> ImportDetail {
        let decision = try nestedFormDecision(job, unit: unit)
        let harvest = try store.outcomes.harvest(chunk: chunk, errorsLog: job.errorsLog ?? .null)
        var retried: Int?
        var unattributed = harvest.unattributed
        if let decision, decision.resend, let form = writer.forms?.current {
            // Every input a refused key names is sent again (a key two inputs share names
            // both: the one the import took is then updated by id), rejected until then.
            let records = try store.chunks.chunkRecords(chunk, keyedBy: decision.keys)
            if !records.isEmpty {
                try store.outcomes.markRejected(
                    records, type: chunk.type, reason: "nested `type` refused; sent again in the \(form) form")
                retried = try store.chunks.addRetryChunk(of: chunk, records: records).index
                unattributed.removeAll { line in decision.keys.contains { line.hasPrefix("\($0): ") } }
            }
        }
        try store.outcomes.recordChunkImported(chunk)
        if let sent {
            try store.outcomes.recordNestedCreated(sent)
        } else {
            for children in writer.nested { try store.outcomes.recordNestedCreated(chunk, children: children) }
        }
        for line in unattributed {
            writer.events.emit(.warning("\(chunk.type) import \(job.id) rejected an input it did not name: \(line)"))
        }
        writer.crash.reached("import-harvested")
        var detail = ImportDetail(size: chunk.size)
        detail.import = job.id
        detail.rejected = harvest.rejected.count
        detail.unattributed = unattributed
        detail.nestedForm = try unit.detail(ImportDetail.self)?.nestedForm
        detail.resentAs = retried
        return detail
    }

    /// What an import refused for its nested children's form: the `errors_log` keys, and
    /// whether to send them again (see `NestedFormChoice.refused(_:)`); nil when nothing was.
    private func nestedFormDecision(_ job: ImportJob, unit: WorkUnit) throws -> (keys: Set<String>, resend: Bool)? {
        guard let forms = writer.forms else { return nil }
        let nested = writer.nested
        let keys = NestedFormChoice.refusedKeys(in: job.errorsLog ?? .null, nestedKeys: nested.map(\.key))
        guard !keys.isEmpty else { return nil }
        let sent = try unit.detail(ImportDetail.self)?.nestedForm ?? forms.current
        let what = "the \(nested.map(\.key).joined(separator: ", ")) nested in \(unit.type) imports"
        let target = writer.target.name
        switch try forms.refused(sent) {
        case .resend(let switched):
            if switched {
                writer.crash.reached("nested-form")
                writer.events.emit(
                    .warning(
                        "\(target) refused \(what) with a `type` in the \(sent.rawValue) form; "
                            + "sending them in the \(sent.other.rawValue) form from now on"))
            }
            return (keys, true)
        case .keepRejected:
            writer.events.emit(
                .warning(
                    "\(target) refused \(what) with a `type` in either form; \(keys.count) inputs stay rejected"))
            return (keys, false)
        }
    }
}
