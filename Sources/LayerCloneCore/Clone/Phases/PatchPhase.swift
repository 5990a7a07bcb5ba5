import CommerceLayerAPI
import ResourceCatalog
import Staging

/// The patch phase of a type: its to-many relationships (a sku's tags) that its imports did
/// not carry, or that did not land, set once the type has landed and been read back, record
/// by record where the target's set differs from the source's.
struct PatchPhase: Sendable {
    let journal: RunJournal
    let sourceStore: StagingStore
    /// Holds the type's read back.
    let targetStore: StagingStore
    /// The target's client.
    let client: CommerceLayerClient
    let events: any EventSink

    /// Sets the to-many relationships of `step`'s records in the target where they differ,
    /// one journaled unit per relationship. Call after the type's post-write read.
    /// - Parameter relationships: the type's to-many relationships whose target type the run
    ///   clones or looks up (`CloneRunContext.toManyRelationships`).
    /// - Returns: whether anything was written (the type is then read again).
    func run(_ step: ExecutionStep, relationships: [RelationshipSpec]) async throws -> Bool {
        var wrote = false
        for relationship in relationships {
            let key = WorkUnitKey.toManyPatch(step.type, relationship: relationship.name)
            guard try journal.plan(key).state != .completed else { continue }
            try journal.markRequested(key, remoteID: nil)
            let parentType = relationship.target
            let current = Dictionary(
                try targetStore.remapper.toManyReferences(
                    type: step.type, relation: relationship.name, parentType: parentType
                )
                .map { ($0.targetIdentity, Set($0.parents.map(\.targetIdentity))) },
                uniquingKeysWith: { first, _ in first })
            var patched = 0
            var missing: [String] = []
            for record in try sourceStore.remapper.toManyReferences(
                type: step.type, relation: relationship.name, parentType: parentType)
            {
                let desired = Set(record.parents.map(\.targetIdentity))
                guard desired != current[record.targetIdentity, default: []],
                    let recordID = try sourceStore.identities.targetID(type: step.type, identity: record.identity)
                else { continue }
                var parents: [ResourceIdentifier] = []
                for parent in record.parents {
                    guard let id = try sourceStore.identities.targetID(type: parentType, identity: parent.identity)
                    else {
                        missing.append("\(record.identity) → \(parent.identity)")
                        continue
                    }
                    parents.append(ResourceIdentifier(type: parentType, id: id))
                }
                _ = try await client.update(
                    step.type, id: recordID, attributes: [:], relationships: [relationship.name: .toMany(parents)])
                patched += 1
            }
            if patched > 0, step.importedToMany.contains(relationship.name) {
                events.emit(
                    .warning(
                        "\(patched) \(step.type) still differed in \(relationship.name) after the imports; "
                            + "set one by one (records unchanged but for them are not imported)"))
            }
            for line in missing.prefix(20) {
                events.emit(.warning("\(step.type).\(relationship.name): \(line) is not in the target"))
            }
            try journal.markCompleted(key, detail: PatchDetail(patched: patched, missing: missing.count))
            wrote = wrote || patched > 0
        }
        return wrote
    }
}
