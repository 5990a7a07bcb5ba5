import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// One run of a `CloneJob`: its folder, journal, staging stores and scheduling state; it builds
/// the phases of each type's process, which the scheduler composes (`CloneScheduler.swift`).
struct CloneRunContext: Sendable {
    let job: CloneJob
    let directory: RunDirectory
    let journal: RunJournal
    let runID: String
    /// The source's records, transformed and remapped; also holds the id map.
    let sourceStore: StagingStore
    /// The latest reads of the target, per type.
    let targetStore: StagingStore
    /// What types wait at for the types they depend on (`CloneScheduler.swift`).
    let gates = TypeGates()
    /// Inputs per import: 10,000, or the cap the probe found, lowered on a refusal.
    let importCap: ImportCap
    /// Comparisons of the types final before the run ends (see `processType`), by type.
    let verifiedEarly = ComparisonBox()
    let sourceExports: JobWatcher?
    let targetExports: JobWatcher
    let targetImports: JobWatcher

    init(
        job: CloneJob, directory: RunDirectory, journal: RunJournal, runID: String, sourceStore: StagingStore,
        targetStore: StagingStore
    ) {
        self.job = job
        self.directory = directory
        self.journal = journal
        self.runID = runID
        self.sourceStore = sourceStore
        self.targetStore = targetStore
        importCap = ImportCap(job.capabilities?.limits.importInputCap ?? CommerceLayerLimits.importMaxInputs)
        let prefix = "layerclone:\(runID):"
        let interval = job.runOptions.pollInterval
        sourceExports = job.source.environment.map {
            JobWatcher(client: $0.client.readOnly, kind: "exports", referencePrefix: prefix, interval: interval)
        }
        targetExports = JobWatcher(
            client: job.target.client.readOnly, kind: "exports", referencePrefix: prefix, interval: interval)
        targetImports = JobWatcher(
            client: job.target.client.readOnly, kind: "imports", referencePrefix: prefix, interval: interval)
    }

    var plan: ExecutionPlan { job.plan }
    var events: any EventSink { job.events }

    /// Reads types from the source, when it is an environment.
    var sourceReader: TypeReader? {
        guard let environment = job.source.environment, let watcher = sourceExports else { return nil }
        var reader = reader(environment, watcher: watcher)
        reader.stopOnUnknownFields = job.runOptions.strictFields
        return reader
    }
    /// Reads types from the target.
    var targetReader: TypeReader { reader(job.target, watcher: targetExports) }

    private func reader(_ environment: CloneEnvironment, watcher: JobWatcher) -> TypeReader {
        TypeReader(
            environment: environment.reading, journal: journal, runID: runID, downloads: directory.downloadsURL,
            events: events, crash: job.crash, chunkSize: plan.limits.exportChunk, watcher: watcher)
    }

    /// The relationships of `type` set by deferred patches.
    func deferredRelations(of type: ResourceType) -> Set<String> {
        Set(plan.deferred.filter { $0.type == type }.map(\.relationship))
    }

    /// The phases of a type's process (`processType`).
    var stagePhase: StagePhase {
        StagePhase(reader: sourceReader, store: sourceStore, journal: journal, events: events, catalog: job.catalog)
    }
    var targetReads: TargetReads {
        TargetReads(reader: targetReader, sourceStore: sourceStore, targetStore: targetStore)
    }
    var decidePhase: DecidePhase {
        DecidePhase(
            journal: journal, crash: job.crash, sourceStore: sourceStore, targetStore: targetStore,
            writeGuard: job.writePolicy.writeGuard)
    }
    var writePhase: WritePhase {
        WritePhase(
            target: job.target, journal: journal, runID: runID, events: events, crash: job.crash, reads: targetReads,
            importCap: importCap, importWatcher: targetImports, importChunk: plan.limits.importChunk,
            nestedTypeForm: job.capabilities?.behaviours.nestedTypeForm ?? .className)
    }
    var patchPhase: PatchPhase {
        PatchPhase(
            journal: journal, sourceStore: sourceStore, targetStore: targetStore, client: job.target.client,
            events: events)
    }
}
