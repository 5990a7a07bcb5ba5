import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// Reading: staging a type from the source, reading the target, looking records up.
extension CloneRunContext {
    /// Exports, stages and transforms the type (again a no-op once done: every part is
    /// journaled), then lets the parent whose imports carry it nested go on.
    func stage(_ step: ExecutionStep) async throws {
        let type = step.type
        let staged =
            try await sourceReader?.read(
                .init(type: type, shape: step.export, label: .export, transforms: step.transforms),
                into: sourceStore)
            ?? sourceStore.comparison.recordCount(type: type)
        events.emit(.typeProgress(type: type, phase: .exported, done: staged, total: staged))
        try sourceStore.prepare(step)
        try sourceStore.requireTargetValues(step, spec: job.catalog.spec(type))
        // What staging holds of the type from now on (bodies change no more), checked before a
        // resumed run trusts it (`RunFileCheck`).
        let digest = try sourceStore.runFile.digest(type: type, .all)
        try journal.plan(.stage(type))
        try journal.markCompleted(.stage(type), detail: StageDetail(records: digest.rows, checksum: digest.checksum))
        await stagedGate.markLanded(type)
    }

    /// The child types to nest in `type`'s imports, once they are staged. A child that could
    /// not be staged is left out (it fails on its own, with its reason).
    func stagedNestedChildren(of type: ResourceType) async throws -> [NestedChildren] {
        var nested: [NestedChildren] = []
        for child in plan.nestedChildren(of: type) {
            guard let write = child.nestedIn else { continue }
            do {
                try await stagedGate.wait(for: [child.type])
            } catch is TypeGate.ParentFailed {
                continue
            }
            // Children staged before this type name it by source id: resolve them now.
            try sourceStore.identities.resolveSourceIDReferences(type: child.type)
            nested.append(NestedChildren(type: child.type, relation: write.relationship, key: write.key))
        }
        return nested
    }

    /// Reads the type from the target into the target store and records its ids.
    func scanTarget(_ type: ResourceType, shape: ExportShape, label: ReadLabel) async throws {
        try await readTarget(type, shape: shape, label: label)
        try recordTargetIDs(type)
    }

    /// Reads the type from the target into the target store (journaled under `label`).
    func readTarget(_ type: ResourceType, shape: ExportShape, label: ReadLabel) async throws {
        try await targetReader.read(.init(type: type, shape: shape, label: label), into: targetStore)
    }

    /// Records the target ids of the type read last, for the staged records whose target
    /// identities match (call after `computeTargetIdentities(type:)`).
    func recordTargetIDs(_ type: ResourceType) throws {
        try targetStore.identities.resolveSourceIDReferences(type: type)
        try sourceStore.identities.recordTargetIDs(
            targetIdentities: targetStore.comparison.environmentIDs(type: type), type: type)
    }

    /// A fresh read of the type from the target (before a chunk or batch is sent again).
    func rescan(_ type: ResourceType, shape: ExportShape) async throws {
        try await scanTarget(type, shape: shape, label: .rescan(tag: UUID().uuidString.prefix(8).lowercased()))
    }

    /// Reads a type the plan does not clone but references, so its records can be found by
    /// identity in the target, and from the source, so records that name one by source id
    /// (an export could not include it) know which.
    func lookUp(_ type: ResourceType) async throws {
        let shape = ExportShape.lookup(of: type, catalog: job.catalog)
        try await sourceReader?.read(
            .init(type: type, shape: shape, label: .lookupSource), into: sourceStore)
        try await scanTarget(type, shape: shape, label: .lookup)
        await writtenGate.markLanded(type)
        await gate.markLanded(type)
    }

    /// Finds the target record of `identity` by reading the type from the target page by page
    /// (for a create whose answer was lost).
    func find(_ type: ResourceType, identity: String, shape: ExportShape) async throws -> Resource? {
        let wanted = try sourceStore.identities.targetIdentity(type: type, identity: identity) ?? identity
        let scratch = try StagingStore.inMemory(catalog: job.catalog)
        var query = Query().sort("id").pageSize(Query.maxPageSize)
        if !shape.includes.isEmpty { query = query.include(shape.includes.joined(separator: ",")) }
        var number = 0
        for try await page in job.target.client.pages(type, query: query) {
            number += 1
            let records = page.resources.map {
                PageNesting.record($0, included: page.included, paths: shape.includes)
            }
            if !records.isEmpty { try scratch.loader.load(records: records, type: type, name: "page-\(number)") }
        }
        guard let match = try scratch.comparison.environmentIDs(type: type).first(where: { $0.identity == wanted })
        else {
            return nil
        }
        return try await job.target.client.retrieve(type, id: match.id)
    }
}
