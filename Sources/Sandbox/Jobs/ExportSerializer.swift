import ResourceCatalog

/// Turns stored records into export objects the way the real service writes them:
/// attributes flat, `id`, relationships as `<relation>_id`, included records embedded as
/// nested objects (to-one) or arrays (to-many), non-exportable attributes never written.
///
/// With `dryData`, `id`, volatile attributes (timestamps) and blank values (null, "", [], {},
/// and `false` unless `keepsFalse`: Rails counts it blank) are dropped, and `<relation>_id`
/// keys too unless `keepsRelationIDs`.
package struct ExportSerializer: Sendable {
    package let catalog: ResourceCatalog
    package let dryData: Bool
    package let keepsRelationIDs: Bool
    package let keepsFalse: Bool

    package init(catalog: ResourceCatalog, dryData: Bool, keepsRelationIDs: Bool, keepsFalse: Bool = false) {
        self.catalog = catalog
        self.dryData = dryData
        self.keepsRelationIDs = keepsRelationIDs
        self.keepsFalse = keepsFalse
    }

    /// The plain (not embedded) keys written for a record of `spec`, in a stable order:
    /// `id`, attributes in catalog order, then `<relation>_id` keys.
    package func plainKeys(spec: ResourceSpec, shape: ExportShape) -> [String] {
        var keys: [String] = []
        if !dryData && shape.selects("id") { keys.append("id") }
        for attribute in spec.attributes where attribute.isExportable && attribute.name != "id" {
            if dryData && attribute.isVolatile { continue }
            if shape.selects(attribute.name) { keys.append(attribute.name) }
        }
        if !dryData || keepsRelationIDs {
            for relationship in spec.relationships where !relationship.isToMany && shape.selects(relationship.idKey) {
                keys.append(relationship.idKey)
            }
        }
        return keys
    }

    /// The export objects of `records` with their embedded records, read in `transaction`.
    ///
    /// Related records are fetched for the whole batch: by id for relationships the record
    /// holds, and for inverse to-many relationships the store does not keep on the parent
    /// (`prices.price_tiers`) by the children's link back to it.
    package func objects(_ records: [StoredRecord], shape: ExportShape, in transaction: RecordTransaction) throws
        -> [JSONValue]
    {
        var objects = records.map { plainObject($0) }
        for include in shape.includes {
            let related = try relatedRecords(records, relationship: include.name, in: transaction)
            let flat = related.flatMap { $0 }
            let nested = try self.objects(flat, shape: include.shape, in: transaction)
            var offset = 0
            for (index, record) in records.enumerated() {
                let slice = Array(nested[offset..<offset + related[index].count])
                offset += related[index].count
                guard let relationship = catalog.spec(record.type).relationship(include.name) else { continue }
                let value: JSONValue = relationship.isToMany ? .array(slice) : slice.first ?? .null
                if dryData && isDropped(value) { continue }
                objects[index][include.name] = value
            }
        }
        return objects.map(JSONValue.object)

        func plainObject(_ record: StoredRecord) -> [String: JSONValue] {
            let spec = catalog.spec(record.type)
            var object: [String: JSONValue] = [:]
            for key in plainKeys(spec: spec, shape: shape) {
                let value: JSONValue
                if key == "id" {
                    value = .string(record.id)
                } else if spec.attribute(key) != nil {
                    value = record.attributes[key] ?? .null
                } else {
                    value = record.relatedID(String(key.dropLast(3))).map(JSONValue.string) ?? .null
                }
                if dryData && isDropped(value) { continue }
                object[key] = value
            }
            return object
        }
    }

    /// For each record, the records its relationship `name` points at (in id order for
    /// inverse relationships).
    private func relatedRecords(_ records: [StoredRecord], relationship name: String, in transaction: RecordTransaction)
        throws -> [[StoredRecord]]
    {
        var result: [[StoredRecord]] = Array(repeating: [], count: records.count)
        var inverse: [Int] = []
        for (index, record) in records.enumerated() {
            guard let relationship = catalog.spec(record.type).relationship(name) else { continue }
            let refs = record.relationships[name]?.refs ?? []
            if refs.isEmpty && relationship.isToMany && !relationship.isDependency {
                inverse.append(index)
                continue
            }
            for ref in refs {
                if let target = try transaction.find(id: ref.id, environment: record.environment) {
                    result[index].append(target)
                }
            }
        }
        guard let first = inverse.first else { return result }
        let parent = records[first]
        guard let relationship = catalog.spec(parent.type).relationship(name) else { return result }
        let targets = relationship.targets.flatMap { target -> [ResourceType] in
            guard let spec = catalog[target] else { return [] }
            return spec.isAbstract ? spec.subtypes : [target]
        }
        let parentTypes = Set(inverse.map { records[$0].type })
        for target in targets {
            guard let spec = catalog[target],
                let back = spec.relationships.first(where: { link in
                    !link.isToMany && link.targets.contains { parentTypes.contains($0) }
                })
            else { continue }
            var query = RecordQuery(types: [target], environment: parent.environment)
            query.filters = [
                FilterPredicate(
                    fields: [.relationshipID(back.name)], op: .in, values: inverse.map { records[$0].id })
            ]
            let children = try transaction.list(query).records
            let positions = Dictionary(inverse.map { (records[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
            for child in children {
                if let parentID = child.relatedID(back.name), let index = positions[parentID] {
                    result[index].append(child)
                }
            }
        }
        return result
    }

    /// CSV columns for records of the shape's first type: plain keys, then embedded to-one
    /// records flattened as `relation.attr` (recursively), embedded to-many records as one
    /// `relation` column holding a JSON array.
    package func columns(shape: ExportShape) -> [[String]] {
        guard let spec = shape.specs.first else { return [] }
        var columns = plainKeys(spec: spec, shape: shape).map { [$0] }
        for include in shape.includes {
            if spec.relationship(include.name)?.isToMany == false {
                columns += self.columns(shape: include.shape).map { [include.name] + $0 }
            } else {
                columns.append([include.name])
            }
        }
        return columns
    }

    /// Whether `dry_data` leaves `value` out: a blank, or `false` unless `keepsFalse`.
    private func isDropped(_ value: JSONValue) -> Bool {
        Self.isBlank(value) || (!keepsFalse && value == .bool(false))
    }

    /// Null, an empty or blank string, an empty array or an empty object.
    package static func isBlank(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .string(let text): text.allSatisfy(\.isWhitespace)
        case .array(let items): items.isEmpty
        case .object(let members): members.isEmpty
        default: false
        }
    }
}
