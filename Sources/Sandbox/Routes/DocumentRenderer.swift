import ResourceCatalog

/// Writes stored records as JSON:API resource objects, the way the Core API does:
/// `links.self`, every attribute of the spec (null when unset; an unset object attribute is
/// `{}` for `metadata` and left out otherwise), relationships with links (and
/// `data` when included), `meta.mode` and `meta.organization_id`. Write-only attributes
/// (gateway keys: the schema says not fetchable) are never returned.
struct DocumentRenderer: Sendable {
    let catalog: ResourceCatalog
    /// `http://host:port/api`.
    let apiBase: String
    let organizationID: String
    /// Sparse fieldsets by type (`fields[skus]=code,name`).
    var fields: [ResourceType: Set<String>] = [:]

    /// The resource object of `record`; relationships named in `withData` carry `data`.
    func resource(_ record: StoredRecord, withData: Set<String> = []) -> JSONValue {
        let spec = catalog.spec(record.type)
        let wanted = fields[record.type]
        let selfLink = "\(apiBase)/\(record.type)/\(record.id)"
        var attributes: [String: JSONValue] = [:]
        for attribute in spec.attributes where attribute.name != "id" && !attribute.isWriteOnly {
            guard wanted?.contains(attribute.name) ?? true else { continue }
            let value = record.attributes[attribute.name] ?? .null
            if attribute.kind == .object, value == .null {
                // Object attributes are never null: `metadata` is `{}` when empty; the others
                // (`inventory`, returned only when a single sku is retrieved) are left out.
                if attribute.name == "metadata" { attributes[attribute.name] = [:] }
                continue
            }
            attributes[attribute.name] = value
        }
        var relationships: [String: JSONValue] = [:]
        for relationship in spec.relationships {
            guard wanted?.contains(relationship.name) ?? true else { continue }
            var member: [String: JSONValue] = [
                "links": [
                    "self": .string("\(selfLink)/relationships/\(relationship.name)"),
                    "related": .string("\(selfLink)/\(relationship.name)"),
                ]
            ]
            if withData.contains(relationship.name) {
                member["data"] =
                    (record.relationships[relationship.name]
                    ?? (relationship.isToMany ? .many([]) : .one(nil))).json
            }
            relationships[relationship.name] = .object(member)
        }
        return [
            "id": .string(record.id),
            "type": .string(record.type.rawValue),
            "links": ["self": .string(selfLink)],
            "attributes": .object(attributes),
            "relationships": .object(relationships),
            "meta": ["mode": .string(record.environment.rawValue), "organization_id": .string(organizationID)],
        ]
    }
}
