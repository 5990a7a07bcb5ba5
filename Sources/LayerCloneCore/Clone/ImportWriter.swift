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
    /// Import slots to spread the type's records over: more, smaller imports finish sooner
    /// when slots are free, for one more create each (see `spreadSize`).
    var spreadOver = 1

    /// Inputs built before the parents were written, by chunk id; each is used once.
    let prepared = PreparedPayloads()
    /// Inputs are built ahead up to about this many bytes of JSON per type (the rest when sent).
    static let preparedBytes = 32 << 20

    /// Sends every chunk of `type`, once `ready` returns: the chunks not sent yet are planned
    /// and their inputs built before, so the imports start as soon as it does.
    func write(
        type: ResourceType, chunkSize: Int, whenReady ready: @Sendable () async throws -> Void = {}
    ) async throws {
        var size = min(chunkSize, importCap.value)
        var chunks = try store.chunks.planChunks(type: type, size: size, nested: nested)
        guard !chunks.isEmpty else { return }
        if let spread = Self.spreadSize(chunks, limit: size, slots: spreadOver),
            try journal.units(kind: .importChunk, type: type).isEmpty
        {
            // Planned afresh before any import of the type exists (a resume finds them planned).
            try store.chunks.discardChunks(type: type)
            size = spread
            chunks = try store.chunks.planChunks(type: type, size: size, nested: nested)
        }
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

    /// The chunk size that spreads `chunks` (cut at `limit`) over `slots` imports of at least
    /// `PlanLimits.smallestSpreadImport` inputs each, when that cuts them smaller; nil otherwise.
    static func spreadSize(_ chunks: [ImportChunk], limit: Int, slots: Int) -> Int? {
        guard slots > 1, chunks.count < slots else { return nil }
        let inputs = chunks.reduce(0) { $0 + $1.size }
        let even = PlanLimits.spreadImportChunk(records: inputs, chunk: limit, slots: slots)
        guard even < limit, chunks.contains(where: { $0.size > even }) else { return nil }
        return even
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
    var nestedNow: [NestedChildren] {
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

    /// The journal unit of a chunk.
    func key(_ chunk: ImportChunk) -> WorkUnitKey { .importChunk(chunk.type, chunk: chunk.index) }

    /// One chunk: find its job again or create it, wait, harvest (`ImportChunkJob`). Journaled
    /// as `import:<type>:<chunk>`.
    private func sendChunk(_ chunk: ImportChunk, created: OneShot? = nil) async throws {
        let runner = RemoteJobRunner(
            journal: journal, crash: crash, events: events, slots: target.importSlots, watcher: watcher)
        try await runner.run(ImportChunkJob(writer: self, chunk: chunk, created: created))
    }
}
