import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// Compares a plan's types between two environments by identity: counts, identities missing
/// in the target, extra ones, and records whose content differs (clonable attributes, the
/// enabled/disabled state, and parents by identity; ids, timestamps and secrets never count).
///
/// Both sides are read the way a clone reads them (pages for small sets, export jobs for
/// large ones), into staging stores of a verify run of their own; the plan's transforms are
/// applied to the source first, so a masked clone compares equal to its source.
package struct VerifyJob: Sendable {
    package let plan: ExecutionPlan
    package let source: CloneEnvironment
    package let target: CloneEnvironment
    package let workdir: URL
    package let events: any EventSink
    package var pollInterval: Duration = .seconds(1)

    package init(
        plan: ExecutionPlan, source: CloneEnvironment, target: CloneEnvironment, workdir: URL, events: any EventSink
    ) {
        self.plan = plan
        self.source = source
        self.target = target
        self.workdir = workdir
        self.events = events
    }

    /// Reads both sides and compares them, type by type in dependency order.
    package func run() async throws -> [TypeComparison] {
        var hash = StableHash()
        hash.combine("verify")
        hash.combine(UUID().uuidString)
        let directory = try RunDirectory.create(key: hash.hex, workdir: workdir)
        let lock = try RunLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        let journal = try RunJournal(path: directory.journalPath)
        try journal.begin(
            RunInfo(
                id: directory.id, key: hash.hex, planPath: plan.file, source: source.name, target: target.name,
                state: .running, createdAt: Date(), finishedAt: nil))
        let sourceStore = try StagingStore.open(at: directory.stagingPath)
        let targetStore = try StagingStore.open(at: directory.url.appendingPathComponent("target.db").path)
        let prefix = "layerclone:\(directory.id):"
        func reader(_ side: CloneEnvironment) -> TypeReader {
            TypeReader(
                environment: side, journal: journal, runID: directory.id, downloads: directory.downloadsURL,
                events: events, crash: .none, chunkSize: plan.limits.exportChunk,
                watcher: JobWatcher(
                    client: side.client, kind: "exports", referencePrefix: prefix, interval: pollInterval))
        }
        let sourceReader = reader(source)
        let targetReader = reader(target)
        // Reads run concurrently; comparisons follow the dependency order, since a type's
        // target identities need its parents'.
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Types referenced but not compared are read too: records that name them by id
            // (an export could not include them) find them so.
            for type in plan.lookedUpTypes where plan.step(type) == nil {
                let shape = ExportShape.lookup(of: type, catalog: sourceStore.catalog)
                group.addTask {
                    try await sourceReader.read(
                        .init(type: type, shape: shape, label: .lookupSource), into: sourceStore)
                }
                group.addTask {
                    try await targetReader.read(
                        .init(type: type, shape: shape, label: .lookupTarget), into: targetStore)
                }
            }
            for step in plan.steps {
                group.addTask {
                    try await sourceReader.read(
                        .init(type: step.type, shape: step.export, label: .source), into: sourceStore)
                    try sourceStore.prepare(step)
                }
                group.addTask {
                    try await targetReader.read(
                        .init(type: step.type, shape: step.export, label: .target), into: targetStore)
                }
            }
            try await group.waitForAll()
        }
        var comparisons: [TypeComparison] = []
        for step in plan.steps {
            try sourceStore.resolveSourceIDReferences(type: step.type)
            try targetStore.resolveSourceIDReferences(type: step.type)
            try sourceStore.computeTargetIdentities(type: step.type)
            let sourceRecords = try sourceStore.comparableRecords(type: step.type)
            let targetRecords = try targetStore.comparableRecords(type: step.type)
            comparisons.append(
                TypeComparison.compare(
                    type: step.type,
                    source: sourceRecords.compactMap { record in record.identity.map { ($0, record.fields) } },
                    target: targetRecords.compactMap { record in record.identity.map { ($0, record.fields) } }))
        }
        try journal.setRunState(.finished)
        return comparisons
    }
}
