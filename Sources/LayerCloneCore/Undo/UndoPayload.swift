import CommerceLayerAPI
import ResourceCatalog

/// The attributes and relationships that put a record back as its before-image says, with
/// parents named by identity turned into their ids in the target now.
struct UndoPayload {
    var attributes: [String: JSONValue] = [:]
    var relationships: [String: RelationshipLinkage] = [:]

    /// The changes from `current` back to `before` (both `ComparableRecord.fields`); nil for a
    /// parent the target no longer holds (its identity, in `missingParent`).
    /// - Parameter parentID: the target id of a record by type and identity, if it holds one.
    static func restoring(
        _ before: [String: JSONValue], over current: [String: JSONValue], spec: ResourceSpec,
        parentID: (ResourceType, String) -> String?
    ) throws(MissingParent) -> UndoPayload {
        var payload = UndoPayload()
        let relations = Dictionary(
            spec.parentRelationships.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for key in Set(before.keys).union(current.keys).sorted() where before[key] != current[key] {
            if key == disabledKey {
                payload.attributes[before[key] == .bool(true) ? "_disable" : "_enable"] = .bool(true)
            } else if let relation = relations[key] {
                payload.relationships[key] = try linkage(before[key], relation: relation, parentID: parentID)
            } else {
                payload.attributes[key] = before[key] ?? .null
            }
        }
        return payload
    }

    /// A create of the record `fields` describes (a before-image of a deleted record).
    static func creating(
        _ fields: [String: JSONValue], spec: ResourceSpec, parentID: (ResourceType, String) -> String?
    ) throws(MissingParent) -> UndoPayload {
        var payload = try restoring(fields, over: [:], spec: spec, parentID: parentID)
        payload.attributes["_enable"] = nil
        payload.relationships = payload.relationships.filter {
            if case .toOne(nil) = $0.value { return false }
            return true
        }
        return payload
    }

    /// The state field of `ComparableRecord.fields` (`true` when disabled).
    static let disabledKey = "disabled_at"

    /// A parent the before-image names that the target does not hold.
    struct MissingParent: Error {
        let relationship: String
        let identity: String
    }

    private static func linkage(
        _ value: JSONValue?, relation: RelationshipSpec, parentID: (ResourceType, String) -> String?
    ) throws(MissingParent) -> RelationshipLinkage {
        guard let identity = value?.stringValue else { return .toOne(nil) }
        for type in relation.targets {
            if let id = parentID(type, identity) { return .toOne(ResourceIdentifier(type: type, id: id)) }
        }
        throw MissingParent(relationship: relation.name, identity: identity)
    }
}
