import ResourceCatalog

/// A pointer to a record: its type and id.
package struct ResourceIdentifier: Sendable, Hashable, CustomStringConvertible {
    package let type: ResourceType
    package let id: String

    package init(type: ResourceType, id: String) {
        self.type = type
        self.id = id
    }

    package var description: String { "\(type)/\(id)" }

    var json: JSONValue { ["type": .string(type.rawValue), "id": .string(id)] }
}

/// The linkage of one relationship, as far as the response told it.
package enum RelationshipLinkage: Sendable, Hashable {
    /// The response carried only links (no `data`): the linkage is not known.
    case notIncluded
    /// A to-one relationship: the target, or nil when empty.
    case toOne(ResourceIdentifier?)
    /// A to-many relationship.
    case toMany([ResourceIdentifier])
}

/// A JSON:API resource object: one record of the API.
package struct Resource: Sendable, Hashable {
    /// The record's id in its environment.
    package var id: String
    /// Its type (`skus`).
    package var type: ResourceType
    /// Attributes by name.
    package var attributes: [String: JSONValue]
    /// Relationships by name.
    package var relationships: [String: RelationshipLinkage]
    /// `meta` (`mode`, `organization_id`).
    package var meta: [String: JSONValue]

    package init(
        id: String, type: ResourceType, attributes: [String: JSONValue] = [:],
        relationships: [String: RelationshipLinkage] = [:], meta: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.type = type
        self.attributes = attributes
        self.relationships = relationships
        self.meta = meta
    }

    /// The identifier of this record.
    package var identifier: ResourceIdentifier { ResourceIdentifier(type: type, id: id) }

    /// An attribute, or nil when absent.
    package subscript(attribute: String) -> JSONValue? { attributes[attribute] }

    /// The target id of a to-one relationship, when the response included its linkage.
    package func relatedID(_ relationship: String) -> String? {
        if case .toOne(let target) = relationships[relationship] { return target?.id }
        return nil
    }

    /// Reads a resource object.
    /// - Throws: `JSONAPIDecodingError` when `id` or `type` is missing.
    package init(json: JSONValue) throws {
        guard let object = json.objectValue else { throw JSONAPIDecodingError("a resource object is not an object") }
        guard let type = object["type"]?.stringValue else { throw JSONAPIDecodingError("a resource has no type") }
        guard let id = object["id"]?.stringValue else { throw JSONAPIDecodingError("a \(type) resource has no id") }
        self.id = id
        self.type = ResourceType(type)
        attributes = object["attributes"]?.objectValue ?? [:]
        meta = object["meta"]?.objectValue ?? [:]
        var relationships: [String: RelationshipLinkage] = [:]
        for (name, value) in object["relationships"]?.objectValue ?? [:] {
            guard let data = value["data"] else {
                relationships[name] = .notIncluded
                continue
            }
            switch data {
            case .null: relationships[name] = .toOne(nil)
            case .array(let items): relationships[name] = .toMany(try items.map(Self.identifier(_:)))
            default: relationships[name] = .toOne(try Self.identifier(data))
            }
        }
        self.relationships = relationships
    }

    private static func identifier(_ json: JSONValue) throws -> ResourceIdentifier {
        guard let type = json["type"]?.stringValue, let id = json["id"]?.stringValue else {
            throw JSONAPIDecodingError("a relationship's data lacks type or id")
        }
        return ResourceIdentifier(type: ResourceType(type), id: id)
    }
}

/// A response body that is not the JSON:API document the client expected.
package struct JSONAPIDecodingError: Error, Sendable, CustomStringConvertible {
    package let reason: String
    package init(_ reason: String) { self.reason = reason }
    package var description: String { reason }
}
