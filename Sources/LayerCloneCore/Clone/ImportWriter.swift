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
        var chunks = try store.planChunks(type: type, size: size, nested: nested)
        guard !chunks.isEmpty else { return }
        try prepare(chunks, type: type)
        try await ready()
        while !chunks.isEmpty {
            do {
                try await send(chunks, type: type)
                return
            } catch let refusal as InputsTooMany {
                // Only the probe chunk was sent, and refused: nothing was created.
                importCap.lower(to: refusal.maximum)
                size = min(size, refusal.maximum)
                try store.discardChunks(type: type)
                prepared.removeAll()
                events.emit(
                    .warning("\(target.name) takes at most \(refusal.maximum) inputs per import; re-chunking \(type)"))
                chunks = try store.planChunks(type: type, size: size, nested: nested)
            }
        }
    }

    /// Builds the inputs of the chunks no earlier attempt sent, up to `preparedBytes` of JSON.
    private func prepare(_ chunks: [ImportChunk], type: ResourceType) throws {
        let sent = Set(try journal.units(kind: .importChunk, type: type).filter { $0.attempts > 0 }.map(\.id))
        var bytes = 0
        for chunk in chunks where !sent.contains(unitID(chunk)) && bytes < Self.preparedBytes {
            let payload = try store.readChunk(chunk, nested: nested, toMany: toMany)
            bytes += payload.inputsJSON.utf8.count
            prepared[chunk.id] = payload
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
                        created.fail(error)
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
    private func unitID(_ chunk: ImportChunk) -> String { "import:\(chunk.type):\(chunk.index)" }

    /// One chunk: find its job again or create it, wait, harvest. Journaled as
    /// `import:<type>:<chunk>`.
    private func sendChunk(_ chunk: ImportChunk, created: OneShot? = nil) async throws {
        let unitID = unitID(chunk)
        var unit = try journal.plan(
            unitID, kind: .importChunk, type: chunk.type, reference: reference(chunk, attempt: 1),
            detail: ["size": .int(Int64(chunk.size))])
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
                        let payload =
                            try prepared.take(chunk.id) ?? store.readChunk(chunk, nested: nested, toMany: toMany)
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
                created?.succeed()
                try await watcher.waitUntilSettled(job.id)
                return (try await client.import(job.id), sent)
            }
            unit = try journal.unit(unitID) ?? unit
            events.emit(
                .jobFinished(
                    kind: .import, type: chunk.type, id: job.id, status: job.status.rawValue,
                    records: job.processedCount ?? 0, errors: job.errorsCount ?? 0))
            guard job.status == .completed else {
                let reason = "import \(job.id) ended \(job.status): \(job.errorsLog?.canonicalJSON ?? "no log")"
                try journal.markFailed(unitID, error: reason)
                unit = try journal.unit(unitID) ?? unit
                guard unit.attempts < CloneError.jobAttempts else {
                    throw CloneError.jobFailed(unit: unitID, reason: reason)
                }
                continue
            }
            let harvest = try store.harvest(chunk: chunk, errorsLog: job.errorsLog ?? .null)
            try store.recordChunkImported(chunk)
            try store.classifyImported(chunk)
            if let sent {
                try store.recordNestedCreated(sent)
            } else {
                for children in nested { try store.recordNestedCreated(chunk, children: children) }
            }
            for line in harvest.unattributed {
                events.emit(.warning("\(chunk.type) import \(job.id) rejected an input it did not name: \(line)"))
            }
            crash.reached("import-harvested")
            try journal.markCompleted(
                unitID,
                detail: [
                    "size": .int(Int64(chunk.size)), "import": .string(job.id),
                    "rejected": .int(Int64(harvest.rejected.count)),
                    "unattributed": .array(harvest.unattributed.map(JSONValue.string)),
                ])
            return
        }
    }
}
