import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// Reads a plan's types from two environments into two staging stores of a run of their own,
/// through read-only clients: what `verify` and `diff` compare.
///
/// Both sides are read the way a clone reads them (pages for small sets, export jobs for
/// large ones); the plan's transforms are applied to the source, and every record gets its
/// target identity (parents first), so the two stores compare by identity.
struct SideBySideRead: Sendable {
    let plan: ExecutionPlan
    let source: ReadingSide
    let target: ReadingSide
    let workdir: URL
    let events: any EventSink
    let pollInterval: Duration
    /// Names the run (`verify`, `diff`).
    let purpose: String

    /// The run and the two stores it read.
    struct Stores {
        let directory: RunDirectory
        let journal: RunJournal
        /// Held until the caller is done with the run's folder.
        let lock: RunLock
        /// The source's records, transformed, with target identities.
        let source: StagingStore
        /// The target's records.
        let target: StagingStore
    }

    /// Reads both sides; the run is left `running` (the caller finishes it).
    func read() async throws -> Stores {
        var hash = StableHash()
        hash.combine(purpose)
        hash.combine(UUID().uuidString)
        let directory = try RunDirectory.create(key: hash.hex, workdir: workdir)
        let lock = try RunLock(directory: directory)
        let journal = try RunJournal(path: directory.journalPath)
        try journal.begin(
            RunInfo(
                id: directory.id, key: hash.hex, planPath: plan.file, source: source.name, target: target.name,
                state: .running, createdAt: Date(), finishedAt: nil))
        let sourceStore = try StagingStore.open(at: directory.stagingPath)
        let targetStore = try StagingStore.open(at: directory.url.appendingPathComponent("target.db").path)
        let prefix = "layerclone:\(directory.id):"
        let plan = plan
        let (events, interval) = (events, pollInterval)
        func reader(_ side: ReadingSide) -> TypeReader {
            TypeReader(
                environment: side, journal: journal, runID: directory.id, downloads: directory.downloadsURL,
                events: events, crash: .none, chunkSize: plan.limits.exportChunk,
                watcher: JobWatcher(client: side.client, kind: "exports", referencePrefix: prefix, interval: interval))
        }
        // Both sides are read at once; identities follow the dependency order, since a type's
        // target identities need its parents'.
        async let sourceRead: Void = reader(source).readPlan(
            plan, into: sourceStore, stepLabel: .source, lookupLabel: .lookupSource, prepare: true)
        async let targetRead: Void = reader(target).readPlan(
            plan, into: targetStore, stepLabel: .target, lookupLabel: .lookupTarget, prepare: false)
        _ = try await (sourceRead, targetRead)
        for step in plan.steps {
            try sourceStore.identities.resolveSourceIDReferences(type: step.type)
            try targetStore.identities.resolveSourceIDReferences(type: step.type)
            try sourceStore.identities.computeTargetIdentities(type: step.type)
        }
        return Stores(directory: directory, journal: journal, lock: lock, source: sourceStore, target: targetStore)
    }
}
