import Foundation
import ResourceCatalog

/// A pointer at another record: its type and id (`{"type":"markets","id":"…"}`).
package struct RecordRef: Sendable, Hashable {
    package var type: ResourceType
    package var id: String

    package init(type: ResourceType, id: String) {
        self.type = type
        self.id = id
    }

    /// JSON:API resource identifier.
    package var json: JSONValue { ["type": .string(type.rawValue), "id": .string(id)] }

    /// Reads `{"type","id"}`; nil when either is missing.
    package init?(json: JSONValue) {
        guard let type = json["type"]?.stringValue, let id = json["id"]?.stringValue else { return nil }
        self.init(type: ResourceType(type), id: id)
    }
}

/// The value of a relationship held by a record.
package enum RelationshipValue: Sendable, Hashable {
    /// A to-one relationship (nil when unset).
    case one(RecordRef?)
    /// A to-many relationship.
    case many([RecordRef])

    /// Every record pointed at.
    package var refs: [RecordRef] {
        switch self {
        case .one(let ref): ref.map { [$0] } ?? []
        case .many(let refs): refs
        }
    }

    /// JSON:API `data` member.
    package var json: JSONValue {
        switch self {
        case .one(let ref): ref?.json ?? .null
        case .many(let refs): .array(refs.map(\.json))
        }
    }
}

/// One record as the sandbox stores it: attributes plus relationship ids, so an export of it
/// is a straight rewrite of its body.
///
/// The stored body is `{"attributes":{…},"relationships":{"market":{"type","id"},"tags":[…]}}`;
/// unset to-one relationships are left out.
package struct StoredRecord: Sendable, Hashable {
    package var id: String
    package var type: ResourceType
    package var environment: SandboxEnvironment
    /// Attribute values by name, including `created_at` / `updated_at` (never `id`).
    package var attributes: [String: JSONValue]
    /// Relationship values by relationship name.
    package var relationships: [String: RelationshipValue]

    package init(
        id: String, type: ResourceType, environment: SandboxEnvironment,
        attributes: [String: JSONValue] = [:], relationships: [String: RelationshipValue] = [:]
    ) {
        self.id = id
        self.type = type
        self.environment = environment
        self.attributes = attributes
        self.relationships = relationships
    }

    /// The id of the record a to-one relationship points at.
    package func relatedID(_ relationship: String) -> String? {
        if case .one(let ref)? = relationships[relationship] { return ref?.id }
        return nil
    }

    /// The stored body text (canonical JSON).
    package var bodyJSON: String {
        var links: [String: JSONValue] = [:]
        for (name, value) in relationships {
            if case .one(nil) = value { continue }
            links[name] = value.json
        }
        return JSONValue.object(["attributes": .object(attributes), "relationships": .object(links)]).canonicalJSON
    }

    /// Rebuilds a record from a stored row.
    package init(id: String, type: ResourceType, environment: SandboxEnvironment, body: String) throws {
        let json = try JSONValue.parse(body)
        var relationships: [String: RelationshipValue] = [:]
        for (name, value) in json["relationships"]?.objectValue ?? [:] {
            if let array = value.arrayValue {
                relationships[name] = .many(array.compactMap(RecordRef.init(json:)))
            } else {
                relationships[name] = .one(RecordRef(json: value))
            }
        }
        self.init(
            id: id, type: type, environment: environment, attributes: json["attributes"]?.objectValue ?? [:],
            relationships: relationships)
    }

    /// A fresh random record id: 10 characters from [A-Za-z0-9], as on the real service.
    package static func newID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
