import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// One run of a `CloneJob`: its folder, journal, staging stores and scheduling state.
struct CloneRunContext: Sendable {
    let job: CloneJob
    let directory: RunDirectory
    let journal: RunJournal
    let runID: String
    /// The source's records, transformed and remapped; also holds the id map.
    let sourceStore: StagingStore
    /// The latest reads of the target, per type.
    let targetStore: StagingStore
    /// Types landed: written, and their target ids known (read back).
    let gate = TypeGate()
    /// Types written (before their target ids are read back): what children that reference
    /// them only by code (`sku_code`) wait for.
    let writtenGate = TypeGate()
    /// Types staged and transformed (what a parent nesting them in its imports waits for).
    let stagedGate = TypeGate()
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
        importCap = ImportCap(job.capabilities?.importInputCap ?? CommerceLayerLimits.importMaxInputs)
        let prefix = "layerclone:\(runID):"
        let interval = job.pollInterval
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
        reader.stopOnUnknownFields = job.strictFields
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

    /// What a looked-up type's failure was doing (its error alone does not say).
    static let lookUpDoing = "reading it from the target"

    /// Runs every type (and every looked-up type) as its own task; a type that fails fails the
    /// types that need it, others go on.
    /// - Returns: the types that could not be cloned, each with the error that stopped it.
    func processAllTypes() async throws -> [TypeFailure] {
        let scheduled = Set(plan.steps.map(\.type)).union(plan.lookedUpTypes)
        if job.sequential { return try await processSequentially(scheduled: scheduled) }
        return try await withThrowingTaskGroup(of: TypeFailure?.self) { group in
            for step in plan.steps {
                group.addTask {
                    do {
                        try await processType(step, scheduled: scheduled)
                        return nil
                    } catch let error as CancellationError {
                        throw error
                    } catch {
                        await gate.markFailedUnlessLanded(step.type)
                        await writtenGate.markFailedUnlessLanded(step.type)
                        await stagedGate.markFailedUnlessLanded(step.type)
                        let failure = TypeFailure(type: step.type, cause: error)
                        events.emit(.typeFailed(type: step.type, reason: failure.reason))
                        return failure
                    }
                }
            }
            for type in plan.lookedUpTypes where plan.step(type) == nil {
                group.addTask {
                    do {
                        try await lookUp(type)
                        return nil
                    } catch let error as CancellationError {
                        throw error
                    } catch {
                        await gate.markFailed(type)
                        await writtenGate.markFailed(type)
                        return TypeFailure(type: type, cause: error, doing: Self.lookUpDoing)
                    }
                }
            }
            var failures: [TypeFailure] = []
            for try await failure in group {
                if let failure { failures.append(failure) }
            }
            return failures.sorted { $0.type < $1.type }
        }
    }

    /// `processAllTypes` one type at a time: looked-up types, then the steps in plan order.
    private func processSequentially(scheduled: Set<ResourceType>) async throws -> [TypeFailure] {
        var failures: [TypeFailure] = []
        for type in plan.lookedUpTypes where plan.step(type) == nil {
            do { try await lookUp(type) } catch let error as CancellationError { throw error } catch {
                await gate.markFailed(type)
                await writtenGate.markFailed(type)
                failures.append(TypeFailure(type: type, cause: error, doing: Self.lookUpDoing))
            }
        }
        for step in plan.steps {
            do {
                // Children nested in this type's imports are staged first.
                for child in plan.nestedChildren(of: step.type) {
                    do { try await stage(child) } catch let error as CancellationError { throw error } catch {
                        // The child's own step fails with this error; the parent goes on without it.
                        await stagedGate.markFailed(child.type)
                    }
                }
                try await processType(step, scheduled: scheduled)
            } catch let error as CancellationError {
                throw error
            } catch {
                await gate.markFailedUnlessLanded(step.type)
                await writtenGate.markFailedUnlessLanded(step.type)
                let failure = TypeFailure(type: step.type, cause: error)
                events.emit(.typeFailed(type: step.type, reason: failure.reason))
                failures.append(failure)
            }
        }
        return failures.sorted { $0.type < $1.type }
    }
}
