import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// One type's process, in phases: stage (while the target is read), decide what to write,
/// write, then land (read back, to-many patches, early comparison). Each phase is journaled
/// where it must be, so a resumed run skips what is done.
extension CloneRunContext {
    /// Export, stage and transform the type; when its parents have landed: read what the
    /// target holds, remap, decide what to write, write it, and learn the target ids.
    func processType(_ step: ExecutionStep, scheduled: Set<ResourceType>) async throws {
        let type = step.type
        let diffDone = try journal.plan(.diff(type)).state == .completed
        // The target's records of the type are read while it is staged and its parents land
        // (not in the one-at-a-time mode): nothing writes them before this step does, except
        // the imports of a parent that may nest them (they are read once those are written).
        let nesting = nestingParents(of: step)
        let earlyRead: Task<Void, any Error>? =
            diffDone || job.sequential
            ? nil
            : Task(executorPreference: BlockingExecutor.shared) {
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
        try sourceStore.identities.resolveSourceIDReferences(type: type)
        try sourceStore.identities.computeTargetIdentities(type: type)
        let readIsCurrent = diffDone ? false : try await decideWrites(step, earlyRead: earlyRead)
        try await write(step, parentsByCode: parents.byCode)
        try await land(step, readIsCurrent: readIsCurrent, scheduled: scheduled)
    }

    /// Reads what the target holds of the type (or takes the early read), remaps, and marks
    /// what to write: unchanged, held back (drift, a diff being applied), to create or update;
    /// journals the before-images and the counts (`diff:<type>`).
    /// - Returns: whether nothing is to be written, so the read is the state after the write too.
    private func decideWrites(_ step: ExecutionStep, earlyRead: Task<Void, any Error>?) async throws -> Bool {
        let type = step.type
        let deferred = deferredRelations(of: type)
        if let earlyRead {
            try await earlyRead.value
            try recordTargetIDs(type)
        } else {
            try await scanTarget(type, shape: step.export, label: .pre)
        }
        job.crash.reached("diff")
        try sourceStore.remapper.remap(type: type, policy: step.missingReferences, deferring: deferred)
        let targetRecords = try targetStore.comparison.comparableRecords(type: type, excluding: deferred)
        let targetForms = Dictionary(
            targetRecords.compactMap { record in record.identity.map { ($0, record.form) } },
            uniquingKeysWith: { first, _ in first })
        // Drift and before-images need whole forms: the read above is one when nothing is deferred.
        let wholeRead = deferred.isEmpty ? targetRecords : nil
        let counts = try sourceStore.comparison.markUnchanged(
            type: type, target: targetForms, excluding: deferred, createNew: step.write != .updateOnly,
            updateExisting: step.write != .createMissing, held: try heldBack(type, read: wholeRead))
        try recordBeforeImages(type, read: wholeRead)
        try journal.markCompleted(
            .diff(type),
            detail: DiffDetail(
                create: counts.create, update: counts.update, unchanged: counts.unchanged, drifted: counts.drifted))
        return counts.create == 0 && counts.update == 0
    }

    /// Writes what `decideWrites` left to write, by import or REST as the plan says.
    private func write(_ step: ExecutionStep, parentsByCode: Set<ResourceType>) async throws {
        let type = step.type
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
                try await writtenGate.wait(for: parentsByCode)
            }
        case .rest:
            try await writtenGate.wait(for: parentsByCode)
            try await RESTWriter(
                target: job.target, journal: journal, store: sourceStore, events: events, crash: job.crash,
                rescan: { try await rescan($0, shape: step.export) },
                lookup: { try await find($0, identity: $1, shape: step.export) },
                disabledInTarget: { [targetStore] in try targetStore.comparison.disabledEnvironmentIDs(type: $0) }
            ).write(type: type)
        }
    }

    /// Lets children go on and learns the target ids (reading the type back unless the read
    /// before the write is still current), sets the to-many relationships, and compares the
    /// type early when nothing changes it any more.
    private func land(_ step: ExecutionStep, readIsCurrent: Bool, scheduled: Set<ResourceType>) async throws {
        let type = step.type
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
