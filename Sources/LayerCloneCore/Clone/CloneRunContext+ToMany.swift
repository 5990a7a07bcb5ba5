import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// To-many relationships (a sku's tags): carried by the type's imports where the import API
/// takes them (`ParentReference.carriedByImport`), else set once the type has landed, record by
/// record where the target's set differs from the source's (`PatchPhase`). The post-write read
/// checks both: a record whose imported set did not land is PATCHed too.
extension CloneRunContext {
    /// The to-many relationships of `type` whose target type the run clones or looks up.
    func toManyRelationships(of type: ResourceType, scheduled: Set<ResourceType>) -> [RelationshipSpec] {
        guard let spec = job.catalog[type] else { return [] }
        return spec.relationships.filter { relationship in
            relationship.isToMany && relationship.isDependency && scheduled.contains(relationship.target)
        }
    }

    /// Per source identity among `differing`, a note for each record its to-many relationships
    /// list that the target does not hold (never cloned, or looked up and not found):
    /// `tags: name=sale is not in the target`.
    func absentToManyNotes(
        type: ResourceType, scheduled: Set<ResourceType>, differing: Set<String>
    ) throws -> [String: [String]] {
        guard !differing.isEmpty else { return [:] }
        var notes: [String: [String]] = [:]
        for relationship in toManyRelationships(of: type, scheduled: scheduled) {
            for entry in try sourceStore.remapper.toManyReferences(
                type: type, relation: relationship.name, parentType: relationship.target)
            where differing.contains(entry.targetIdentity) {
                for parent in entry.parents
                where try sourceStore.identities.targetID(type: relationship.target, identity: parent.identity) == nil {
                    notes[entry.targetIdentity, default: []].append(
                        "\(relationship.name): \(parent.targetIdentity) is not in the target")
                }
            }
        }
        return notes
    }

    /// Adds each to-many relationship to the records' comparable fields, as the sorted target
    /// identities of the records listed, so verification compares them too.
    func addingToMany(
        _ records: [ComparableRecord], store: StagingStore, type: ResourceType, scheduled: Set<ResourceType>
    ) throws -> [(identity: String, fields: [String: JSONValue])] {
        var fields = Dictionary(
            records.compactMap { record in record.identity.map { ($0, record.fields) } },
            uniquingKeysWith: { first, _ in first })
        for relationship in toManyRelationships(of: type, scheduled: scheduled) {
            for entry in try store.remapper.toManyReferences(
                type: type, relation: relationship.name, parentType: relationship.target)
            where fields[entry.targetIdentity] != nil && !entry.parents.isEmpty {
                fields[entry.targetIdentity]?[relationship.name] = .array(
                    entry.parents.map(\.targetIdentity).sorted().map(JSONValue.string))
            }
        }
        return records.compactMap { record in
            record.identity.flatMap { identity in fields[identity].map { (identity, $0) } }
        }
    }
}
