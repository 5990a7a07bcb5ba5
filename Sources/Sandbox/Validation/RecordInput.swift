import ResourceCatalog

/// What a client sends to create or update a record: attributes, and relationships as
/// resource identifiers (nil clears a to-one relationship).
package struct RecordInput: Sendable, Equatable {
    package var id: String?
    package var attributes: [String: JSONValue]
    /// Relationship data by name: `.one(ref)` / `.one(nil)` / `.many(refs)`.
    package var relationships: [String: RelationshipValue]

    package init(
        id: String? = nil, attributes: [String: JSONValue] = [:], relationships: [String: RelationshipValue] = [:]
    ) {
        self.id = id
        self.attributes = attributes
        self.relationships = relationships
    }

    /// Reads the `data` member of a JSON:API create or update document.
    /// - Throws: 400 `INVALID_DOCUMENT` when `data` is missing or malformed, 400 `INVALID_TYPE`
    ///   when `data.type` differs from `type`.
    package init(document: JSONValue, type: ResourceType) throws(APIError) {
        guard let data = document["data"], data.objectValue != nil else {
            throw .badRequest("INVALID_DOCUMENT", "The request body needs a data object", pointer: "/data")
        }
        guard data["type"]?.stringValue == type.rawValue else {
            throw .badRequest(
                "INVALID_TYPE", "data.type must be \(type), got \(data["type"]?.stringValue ?? "nothing")",
                pointer: "/data/type")
        }
        var relationships: [String: RelationshipValue] = [:]
        for (name, value) in data["relationships"]?.objectValue ?? [:] {
            let pointer = "/data/relationships/\(name)"
            guard let member = value.objectValue, let linkage = member["data"] else {
                throw .badRequest("INVALID_DOCUMENT", "relationship \(name) needs a data member", pointer: pointer)
            }
            switch linkage {
            case .null: relationships[name] = .one(nil)
            case .array(let items):
                var refs: [RecordRef] = []
                for item in items {
                    guard let ref = RecordRef(json: item) else {
                        throw .badRequest(
                            "INVALID_DOCUMENT", "relationship \(name) has an item without type and id",
                            pointer: pointer)
                    }
                    refs.append(ref)
                }
                relationships[name] = .many(refs)
            default:
                guard let ref = RecordRef(json: linkage) else {
                    throw .badRequest(
                        "INVALID_DOCUMENT", "relationship \(name) data needs type and id", pointer: pointer)
                }
                relationships[name] = .one(ref)
            }
        }
        self.init(
            id: data["id"]?.stringValue, attributes: data["attributes"]?.objectValue ?? [:],
            relationships: relationships)
    }
}
