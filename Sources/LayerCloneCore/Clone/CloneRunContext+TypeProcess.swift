import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// One type's process: its phases (`StagePhase`, `TargetReads`, `DecidePhase`, `WritePhase`,
/// `PatchPhase`) composed by the scheduler's rules (`CloneScheduler.swift`). Each phase is
/// journaled where it must be, so a resumed run skips what is done.
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
        let reads = targetReads
        let earlyRead: Task<Void, any Error>? =
            diffDone || job.runOptions.sequential
            ? nil
            : Task(executorPreference: BlockingExecutor.shared) {
                try await gates.written.wait(for: nesting)
                try await reads.read(type, shape: step.export, label: .pre)
            }
        let parents = parentsToWaitFor(step, scheduled: scheduled)
        do {
            try await stage(step)
            // Parents named by code need only be staged to decide what to write (the API
            // resolves their codes), and written before anything is sent.
            try await gates.landed.wait(for: parents.byID)
            try await gates.staged.wait(for: parents.byCode)
        } catch {
            earlyRead?.cancel()
            _ = await earlyRead?.result
            throw error
        }
        // Parents an export could not include are found by source id now that they are staged.
        try sourceStore.identities.resolveSourceIDReferences(type: type)
        try sourceStore.identities.computeTargetIdentities(type: type)
        var readIsCurrent = false
        if !diffDone {
            // The read phase: the early read, or one now.
            if let earlyRead {
                try await earlyRead.value
                try reads.recordTargetIDs(type)
            } else {
                try await reads.scan(type, shape: step.export, label: .pre)
            }
            readIsCurrent = try decidePhase.run(step, deferred: deferredRelations(of: type))
        }
        // Its imports' inputs are built while the parents named by code are still being written.
        let nested = step.method == .import ? try await stagedNestedChildren(of: type) : []
        let written = gates.written
        try await writePhase.run(step, nested: nested, spread: importSpread(step)) {
            try await written.wait(for: parents.byCode)
        }
        try await land(step, readIsCurrent: readIsCurrent, scheduled: scheduled)
    }

    /// The stage phase, then lets the parent whose imports carry the type nested go on.
    func stage(_ step: ExecutionStep) async throws {
        try await stagePhase.run(step)
        await gates.staged.markLanded(step.type)
    }

    /// Reads a type the plan does not clone but references, so its records can be found by
    /// identity in the target, and from the source, so records that name one by source id
    /// (an export could not include it) know which.
    func lookUp(_ type: ResourceType) async throws {
        let shape = ExportShape.lookup(of: type, catalog: job.catalog)
        try await sourceReader?.read(.init(type: type, shape: shape, label: .lookupSource), into: sourceStore)
        try await targetReads.scan(type, shape: shape, label: .lookup)
        await gates.written.markLanded(type)
        await gates.landed.markLanded(type)
    }

    /// Lets children go on and learns the target ids (the read-back phase, unless the read
    /// before the write is still current), sets the to-many relationships (the patch phase),
    /// and compares the type early when nothing changes it any more.
    private func land(_ step: ExecutionStep, readIsCurrent: Bool, scheduled: Set<ResourceType>) async throws {
        let type = step.type
        // Children that name this type only by code need nothing more of it.
        await gates.written.markLanded(type)
        job.crash.reached("lookup")
        if !readIsCurrent { try await targetReads.scan(type, shape: step.export, label: .post) }
        // Children need this type's ids, not its to-many relationships: they go on now. The
        // closing scan reads the type again when the patches below changed it.
        await gates.landed.markLanded(type)
        let patched = try await patchPhase.run(
            step, relationships: toManyRelationships(of: type, scheduled: scheduled))
        // Nothing changes the type in the target any more (unless a patch or the closing read
        // comes later): compare it now, while other types are still being written.
        if !patched, !plan.deferred.contains(where: { $0.type == type }) {
            verifiedEarly[type] = try compare(type)
        }
        events.emit(.typeDone(type: type, outcome: try outcome(of: type)))
    }
}
