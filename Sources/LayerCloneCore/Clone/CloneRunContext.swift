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

    /// Export, stage and transform the type; when its parents have landed: read what the
    /// target holds, remap, decide what to write, write it, and learn the target ids.
    private func processType(_ step: ExecutionStep, scheduled: Set<ResourceType>) async throws {
        let type = step.type
        let diffDone = try journal.plan(.diff(type)).state == .completed
        // The target's records of the type are read while it is staged and its parents land
        // (not in the one-at-a-time mode): nothing writes them before this step does, except
        // the imports of a parent that may nest them (they are read once those are written).
        let nesting = nestingParents(of: step)
        let earlyRead: Task<Void, any Error>? =
            diffDone || job.sequential
            ? nil
            : Task {
                try await writtenGate.wait(for: nesting)
                try await readTarget(type, shape: step.export, label: .pre)
            }
        let parents = parentsToWaitFor(step, scheduled: scheduled)
        do {
            try await stage(step)
            // Parents named by code need only be staged to decide what to write (the API
            // resolves their codes), and written before anything is sent.
            try await gate.wait(for: parents.byID)
            try await stagedGate.wait(for: parents.byCode)
        } catch {
            earlyRead?.cancel()
            _ = await earlyRead?.result
            throw error
        }
        // Parents an export could not include are found by source id now that they are staged.
        try sourceStore.resolveSourceIDReferences(type: type)
        try sourceStore.computeTargetIdentities(type: type)
        let deferred = deferredRelations(of: type)
        // Whether this process read the target's records of the type and then found nothing to
        // write: that read is then the state after this step too.
        var readIsCurrent = false
        if !diffDone {
            if let earlyRead {
                try await earlyRead.value
                try recordTargetIDs(type)
            } else {
                try await scanTarget(type, shape: step.export, label: .pre)
            }
            job.crash.reached("diff")
            try sourceStore.remap(type: type, policy: step.missingReferences, deferring: deferred)
            let targetRecords = try targetStore.comparableRecords(type: type, excluding: deferred)
            let targetForms = Dictionary(
                targetRecords.compactMap { record in record.identity.map { ($0, record.form) } },
                uniquingKeysWith: { first, _ in first })
            let held = try heldBack(type, read: deferred.isEmpty ? targetRecords : nil)
            let counts = try sourceStore.markUnchanged(
                type: type, target: targetForms, excluding: deferred, createNew: step.write != .updateOnly,
                updateExisting: step.write != .createMissing, held: held)
            try recordBeforeImages(type, read: deferred.isEmpty ? targetRecords : nil)
            try journal.markCompleted(
                .diff(type),
                detail: DiffDetail(
                    create: counts.create, update: counts.update, unchanged: counts.unchanged, drifted: counts.drifted))
            readIsCurrent = counts.create == 0 && counts.update == 0
        }

        switch step.method {
        case .import:
            var writer = ImportWriter(
                target: job.target, journal: journal, runID: runID, store: sourceStore, events: events,
                crash: job.crash, importCap: importCap, watcher: targetImports,
                rescan: { try await rescan($0, shape: step.export) })
            writer.nested = try await stagedNestedChildren(of: type)
            if !writer.nested.isEmpty {
                writer.forms = try NestedFormChoice(
                    journal: journal, parent: type, initial: job.capabilities?.nestedTypeForm ?? .className)
            }
            writer.toMany = step.references.filter(\.carriedByImport).compactMap { reference in
                reference.targets.first.map { ToManyInput(relation: reference.relationship, targetType: $0) }
            }
            // Its inputs are built while those parents are still being written.
            try await writer.write(type: type, chunkSize: plan.limits.importChunk) {
                try await writtenGate.wait(for: parents.byCode)
            }
        case .rest:
            try await writtenGate.wait(for: parents.byCode)
            try await RESTWriter(
                target: job.target, journal: journal, store: sourceStore, events: events, crash: job.crash,
                rescan: { try await rescan($0, shape: step.export) },
                lookup: { try await find($0, identity: $1, shape: step.export) },
                disabledInTarget: { [targetStore] in try targetStore.disabledEnvironmentIDs(type: $0) }
            ).write(type: type)
        }
        // Children that name this type only by code need nothing more of it.
        await writtenGate.markLanded(type)
        job.crash.reached("lookup")
        if !readIsCurrent { try await scanTarget(type, shape: step.export, label: .post) }
        // Children need this type's ids, not its to-many relationships: they go on now. The
        // closing scan reads the type again when the patches below changed it.
        await gate.markLanded(type)
        let patched = try await applyToManyRelationships(step, scheduled: scheduled)
        // Nothing changes the type in the target any more (unless a patch or the closing read
        // comes later): compare it now, while other types are still being written.
        if !patched, !plan.deferred.contains(where: { $0.type == type }) {
            verifiedEarly[type] = try compare(type)
        }
        events.emit(.typeDone(type: type, outcome: try outcome(of: type)))
    }
}
