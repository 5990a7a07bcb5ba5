import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// Writes one type's staged records to the target with import jobs: chunks planned once in
/// staging (so chunk numbers and references survive a resume), each a journaled unit with the
/// deterministic reference `layerclone:<run>:<type>:<chunk>`, harvested for rejected records.
struct ImportWriter: Sendable {
    let target: CloneEnvironment
    let journal: RunJournal
    let runID: String
    let store: StagingStore
    let events: any EventSink
    let crash: CrashPoints
    let importCap: ImportCap
    /// Watches the target's import jobs of the run.
    let watcher: JobWatcher
    /// Rereads the type from the target and records its ids, before a chunk is sent again
    /// after a partial import (so the resend updates instead of creating twice).
    let rescan: @Sendable (ResourceType) async throws -> Void
    /// Child types whose staged records ride in the inputs that create their parent.
    var nested: [NestedChildren] = []
    /// The form of `type` the nested children carry (set when `nested` is not empty).
    var forms: NestedFormChoice? = nil
    /// To-many relationships the inputs carry as arrays of target ids (`tags`).
    var toMany: [ToManyInput] = []

    /// Inputs built before the parents were written, by chunk id; each is used once.
    private let prepared = PreparedPayloads()
    /// Inputs are built ahead up to about this many bytes of JSON per type (the rest when sent).
    static let preparedBytes = 32 << 20

    private var starter: RemoteJobStarter { RemoteJobStarter(journal: journal, crash: crash, events: events) }

    /// Sends every chunk of `type`, once `ready` returns: the chunks not sent yet are planned
    /// and their inputs built before, so the imports start as soon as it does.
    func write(
        type: ResourceType, chunkSize: Int, whenReady ready: @Sendable () async throws -> Void = {}
    ) async throws {
        var size = min(chunkSize, importCap.value)
        var chunks = try store.chunks.planChunks(type: type, size: size, nested: nested)
        guard !chunks.isEmpty else { return }
        try prepare(chunks.filter { $0.retryOf == nil }, type: type)
        try await ready()
        while !chunks.isEmpty {
            do {
                try await send(chunks.filter { $0.retryOf == nil }, type: type)
                try await sendRetries(type: type)
                return
            } catch let refusal as InputsTooMany {
                // Only the probe chunk was sent, and refused: nothing was created.
                importCap.lower(to: refusal.maximum)
                size = min(size, refusal.maximum)
                try store.chunks.discardChunks(type: type)
                prepared.removeAll()
                events.emit(
                    .warning("\(target.name) takes at most \(refusal.maximum) inputs per import; re-chunking \(type)"))
                chunks = try store.chunks.planChunks(type: type, size: size, nested: nested)
            }
        }
    }

    /// Builds the inputs of the chunks no earlier attempt sent, up to `preparedBytes` of JSON.
    private func prepare(_ chunks: [ImportChunk], type: ResourceType) throws {
        let sent = Set(try journal.units(kind: .importChunk, type: type).filter { $0.attempts > 0 }.map(\.key))
        var bytes = 0
        for chunk in chunks where !sent.contains(key(chunk)) && bytes < Self.preparedBytes {
            let payload = try store.chunks.readChunk(chunk, nested: nestedNow, toMany: toMany)
            bytes += payload.inputsJSON.utf8.count
            prepared[chunk.id] = payload
        }
    }

    /// The nested children, in the form to send now.
    private var nestedNow: [NestedChildren] {
        guard let form = forms?.current else { return nested }
        return nested.map { children in
            var children = children
            children.form = form
            return children
        }
    }

    /// Sends again, chunk by chunk, the inputs imports refused for their nested children's
    /// form (`NestedFormChoice`), once the type is read from the target again: a record such an
    /// import left behind is then updated by id, its children written on their own, never twice.
    private func sendRetries(type: ResourceType) async throws {
        while true {
            let completed = Set(
                try journal.units(kind: .importChunk, type: type).filter { $0.state == .completed }.map(\.key))
            let pending = try store.chunks.importChunks(type: type).filter {
                $0.retryOf != nil && !completed.contains(key($0))
            }
            guard !pending.isEmpty else { return }
            try await rescan(type)
            try await send(pending, type: type)
        }
    }

    /// Creates the largest chunk's import first, when the target was never seen to accept one
    /// that large: a refusal (too many inputs) comes at creation, before anything else is sent.
    /// The other chunks follow as soon as that import exists, all concurrently.
    private func send(_ chunks: [ImportChunk], type: ResourceType) async throws {
        let ordered = chunks.sorted { ($0.size, -$0.index) > ($1.size, -$1.index) }
        let firstSent = try journal.units(kind: .importChunk, type: type).contains { $0.attempts > 0 }
        var remaining = ordered[...]
        try await withThrowingTaskGroup(of: Void.self) { group in
            if !firstSent, let probe = remaining.first, probe.size > importCap.accepted {
                remaining = remaining.dropFirst()
                let created = OneShot()
                group.addTask {
                    do {
                        try await sendChunk(probe, created: created)
                    } catch {
                        await created.fail(error)
                        throw error
                    }
                }
                try await created.wait()
            }
            for chunk in remaining {
                group.addTask { try await sendChunk(chunk) }
            }
            try await group.waitForAll()
        }
    }

    private func reference(_ chunk: ImportChunk, attempt: Int) -> String {
        let base = "layerclone:\(runID):\(chunk.type):\(chunk.index)"
        return attempt > 1 ? "\(base)#\(attempt)" : base
    }

    /// The journal unit of a chunk.
    private func key(_ chunk: ImportChunk) -> WorkUnitKey { .importChunk(chunk.type, chunk: chunk.index) }

    /// One chunk: find its job again or create it, wait, harvest. Journaled as
    /// `import:<type>:<chunk>`.
    private func sendChunk(_ chunk: ImportChunk, created: OneShot? = nil) async throws {
        let key = key(chunk)
        var unit = try journal.plan(
            key, reference: reference(chunk, attempt: 1), detail: ImportDetail(size: chunk.size))
        if unit.state == .completed { return }
        let client = target.client
        while true {
            try Task.checkCancellation()
            if unit.state == .failed { try await rescan(chunk.type) }
            let current = unit
            // The payload when this process sends the import (it names the children it nests).
            let (job, sent) = try await target.importSlots.withPermit { () -> (ImportJob, ImportPayload?) in
                var sent: ImportPayload?
                let reference = reference(chunk, attempt: current.attempts + 1)
                let job = try await starter.start(
                    current, kind: .import, reference: reference, id: \ImportJob.id,
                    fetch: { try await client.import($0) },
                    find: { try await client.findImports(reference: $0).map(\.job) },
                    create: {
                        var payload =
                            try prepared.take(chunk.id)
                            ?? store.chunks.readChunk(chunk, nested: nestedNow, toMany: toMany)
                        if let form = payload.nestedForm, let forms {
                            // Built before the run switched forms: built again in the new one.
                            if form != forms.current {
                                payload = try store.chunks.readChunk(chunk, nested: nestedNow, toMany: toMany)
                            }
                            let sentForm = payload.nestedForm
                            try journal.updateDetail(key, initial: ImportDetail(size: chunk.size)) {
                                $0.nestedForm = sentForm
                            }
                        }
                        var request = ImportRequest(resourceType: chunk.type, inputsJSON: payload.inputsJSON)
                        request.parentResourceID = chunk.parentResourceID
                        request.skipErrors = true
                        request.reference = reference
                        request.referenceOrigin = "layerclone"
                        do {
                            let job = try await client.createImport(request)
                            sent = payload
                            return job
                        } catch CommerceLayerError.api(let error) where InputsTooMany(error) != nil {
                            throw InputsTooMany(error)!
                        }
                    }
                ).job
                importCap.accept(chunk.size)
                await created?.succeed()
                try await watcher.waitUntilSettled(job.id)
                return (try await client.import(job.id), sent)
            }
            unit = try journal.unit(key) ?? unit
            events.emit(
                .jobFinished(
                    kind: .import, type: chunk.type, id: job.id, status: job.status.rawValue,
                    records: job.processedCount ?? 0, errors: job.errorsCount ?? 0))
            guard job.status == .completed else {
                let reason = "import \(job.id) ended \(job.status): \(job.errorsLog?.canonicalJSON ?? "no log")"
                try journal.markFailed(key, error: reason)
                unit = try journal.unit(key) ?? unit
                guard unit.attempts < CloneError.jobAttempts else {
                    throw CloneError.jobFailed(unit: unit.id, reason: reason)
                }
                continue
            }
            let decision = try nestedFormDecision(job, unit: unit)
            let harvest = try store.outcomes.harvest(chunk: chunk, errorsLog: job.errorsLog ?? .null)
            var retried: Int?
            var unattributed = harvest.unattributed
            if let decision, decision.resend, let form = forms?.current {
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
                for children in nested { try store.outcomes.recordNestedCreated(chunk, children: children) }
            }
            for line in unattributed {
                events.emit(.warning("\(chunk.type) import \(job.id) rejected an input it did not name: \(line)"))
            }
            crash.reached("import-harvested")
            var detail = ImportDetail(size: chunk.size)
            detail.import = job.id
            detail.rejected = harvest.rejected.count
            detail.unattributed = unattributed
            detail.nestedForm = try unit.detail(ImportDetail.self)?.nestedForm
            detail.resentAs = retried
            try journal.markCompleted(key, detail: detail)
            return
        }
    }
}

extension ImportWriter {
    /// What an import refused for its nested children's form: the `errors_log` keys, and
    /// whether to send them again (see `NestedFormChoice.refused(_:)`); nil when nothing was.
    fileprivate func nestedFormDecision(_ job: ImportJob, unit: WorkUnit) throws -> (keys: Set<String>, resend: Bool)? {
        guard let forms else { return nil }
        let keys = NestedFormChoice.refusedKeys(in: job.errorsLog ?? .null, nestedKeys: nested.map(\.key))
        guard !keys.isEmpty else { return nil }
        let sent = try unit.detail(ImportDetail.self)?.nestedForm ?? forms.current
        let what = "the \(nested.map(\.key).joined(separator: ", ")) nested in \(unit.type) imports"
        switch try forms.refused(sent) {
        case .resend(let switched):
            if switched {
                crash.reached("nested-form")
                events.emit(
                    .warning(
                        "\(target.name) refused \(what) with a `type` in the \(sent.rawValue) form; "
                            + "sending them in the \(sent.other.rawValue) form from now on"))
            }
            return (keys, true)
        case .keepRejected:
            events.emit(
                .warning(
                    "\(target.name) refused \(what) with a `type` in either form; \(keys.count) inputs stay rejected"))
            return (keys, false)
        }
    }
}
