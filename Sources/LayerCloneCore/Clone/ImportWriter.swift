import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging
import Synchronization

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

    /// Sends every chunk of `type`.
    func write(type: ResourceType, chunkSize: Int) async throws {
        var size = min(chunkSize, importCap.value)
        while true {
            let chunks = try store.planChunks(type: type, size: size)
            guard !chunks.isEmpty else { return }
            do {
                try await send(chunks, type: type)
                return
            } catch let refusal as InputsTooMany {
                // Only the probe chunk was sent, and refused: nothing was created.
                importCap.lower(to: refusal.maximum)
                size = min(size, refusal.maximum)
                try store.discardChunks(type: type)
                events.emit(
                    .warning("\(target.name) takes at most \(refusal.maximum) inputs per import; re-chunking \(type)"))
            }
        }
    }

    /// Sends the largest chunk alone first (it finds out whether the target's input cap is
    /// lower than the chunk size before anything else is sent), then the rest concurrently.
    private func send(_ chunks: [ImportChunk], type: ResourceType) async throws {
        let ordered = chunks.sorted { ($0.size, -$0.index) > ($1.size, -$1.index) }
        let firstSent = try journal.units(kind: .importChunk, type: type).contains { $0.attempts > 0 }
        var remaining = ordered[...]
        if !firstSent, let probe = remaining.first {
            try await sendChunk(probe)
            remaining = remaining.dropFirst()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
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

    /// One chunk: find its job again or create it, wait, harvest. Journaled as
    /// `import:<type>:<chunk>`.
    private func sendChunk(_ chunk: ImportChunk) async throws {
        let unitID = "import:\(chunk.type):\(chunk.index)"
        var unit = try journal.plan(
            unitID, kind: .importChunk, type: chunk.type, reference: reference(chunk, attempt: 1),
            detail: ["size": .int(Int64(chunk.size))])
        if unit.state == .completed { return }
        let client = target.client
        while true {
            try Task.checkCancellation()
            if unit.state == .failed { try await rescan(chunk.type) }
            let current = unit
            let job = try await target.importSlots.withPermit { () -> ImportJob in
                var job: ImportJob
                if current.state == .requested, let remote = current.remoteID {
                    job = try await client.import(remote)
                } else {
                    let reference = reference(chunk, attempt: current.attempts + 1)
                    var found = try await client.findImports(reference: reference).last
                    if found == nil, try await journal.settleInDoubtSend(current) {
                        found = try await client.findImports(reference: reference).last
                    }
                    if let found {
                        job = found.job
                        events.emit(
                            .jobCreated(
                                kind: .import, type: chunk.type, id: job.id, reference: reference, adopted: true))
                    } else {
                        crash.reached("import-create")
                        try journal.markSending(unitID)
                        let payload = try store.readChunk(chunk, nested: nested)
                        let inputs = try JSONValue.parse(payload.inputsJSON).arrayValue ?? []
                        var request = ImportRequest(resourceType: chunk.type, inputs: inputs)
                        request.parentResourceID = chunk.parentResourceID
                        request.skipErrors = true
                        request.reference = reference
                        request.referenceOrigin = "layerclone"
                        do {
                            job = try await client.createImport(request)
                        } catch CommerceLayerError.api(let error) where InputsTooMany(error) != nil {
                            throw InputsTooMany(error)!
                        }
                        events.emit(
                            .jobCreated(
                                kind: .import, type: chunk.type, id: job.id, reference: reference, adopted: false))
                    }
                    try journal.markRequested(unitID, remoteID: job.id)
                    crash.reached("import-requested")
                }
                try await watcher.waitUntilSettled(job.id)
                return try await client.import(job.id)
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
                guard unit.attempts < 3 else { throw CloneError.jobFailed(unit: unitID, reason: reason) }
                continue
            }
            let harvest = try store.harvest(chunk: chunk, errorsLog: job.errorsLog ?? .null)
            try store.recordChunkImported(chunk)
            try store.classifyImported(chunk)
            for children in nested { try store.recordNestedCreated(chunk, children: children) }
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

/// The target refused an import for having too many inputs.
struct InputsTooMany: Error {
    let maximum: Int

    /// Recognises the refusal: a 422 on `inputs` that states the maximum.
    init?(_ error: APIError) {
        guard error.status == 422,
            let object = error.errors.first(where: { $0.pointer?.hasSuffix("/inputs") == true }),
            let maximum = object.meta["count"]?.intValue
        else { return nil }
        self.maximum = Int(maximum)
    }
}

/// The most inputs the target takes per import, learnt when it refuses more (the documented
/// maximum has been 2,000 and 10,000).
final class ImportCap: Sendable {
    private let current: Mutex<Int>

    init(_ value: Int = 10_000) { current = Mutex(value) }

    var value: Int { current.withLock { $0 } }

    func lower(to maximum: Int) { current.withLock { $0 = min($0, max(1, maximum)) } }
}
