import ResourceCatalog

/// Creates, updates, upserts and deletes records with the real service's validation. Shared
/// by the REST routes, seeding and (later) imports, so every path enforces the same rules.
///
/// Every method runs inside a store write transaction (`SandboxStore.write`) and throws
/// `APIErrorList` (422 with one error per failing field, or a single 400/404).
package struct RecordWriter: Sendable {
    package let catalog: ResourceCatalog
    package let clock: SandboxClock
    /// Whether a relationship written with an abstract type (`payment_gateways`) also takes
    /// its concrete types (`stripe_gateways`): `SandboxConfiguration.Behaviours.concreteGatewayLinks`.
    package let acceptsConcreteLinks: Bool

    package init(catalog: ResourceCatalog = .commerceLayer, clock: SandboxClock, acceptsConcreteLinks: Bool = false) {
        self.catalog = catalog
        self.clock = clock
        self.acceptsConcreteLinks = acceptsConcreteLinks
    }

    /// Creates a record of a concrete `type` in `environment`.
    package func create(
        type: ResourceType, environment: SandboxEnvironment, input: RecordInput, in transaction: RecordTransaction
    ) throws -> StoredRecord {
        let spec = try concreteSpec(type)
        var record = StoredRecord(id: StoredRecord.newID(), type: type, environment: environment)
        try apply(input, to: &record, spec: spec, creating: true, in: transaction)
        if spec.attribute("metadata") != nil,
            record.attributes["metadata"] == nil || record.attributes["metadata"] == .null
        {
            // Commerce Layer's metadata is an object, `{}` when none was given.
            record.attributes["metadata"] = [:]
        }
        // Booleans the schema gives a default hold it when created without a value.
        for attribute in spec.attributes where record.attributes[attribute.name] == nil {
            if let value = attribute.booleanDefault { record.attributes[attribute.name] = .bool(value) }
        }
        let now = clock.timestamp()
        record.attributes["created_at"] = .string(now)
        record.attributes["updated_at"] = .string(now)
        try transaction.insert(
            record,
            naturalKey: NaturalKey.key(
                spec: spec, attributes: record.attributes, relationships: record.relationships))
        return record
    }

    /// Updates the record `id` of `type`; attributes and relationships not in `input` keep
    /// their values.
    package func update(
        type: ResourceType, id: String, environment: SandboxEnvironment, input: RecordInput,
        in transaction: RecordTransaction
    ) throws -> StoredRecord {
        let spec = try concreteSpec(type)
        guard var record = try transaction.find(id: id, environment: environment), record.type == type else {
            throw APIErrorList([.notFound("\(type)/\(id)")])
        }
        try apply(input, to: &record, spec: spec, creating: false, in: transaction)
        record.attributes["updated_at"] = .string(clock.timestamp())
        try transaction.update(
            record,
            naturalKey: NaturalKey.key(
                spec: spec, attributes: record.attributes, relationships: record.relationships))
        return record
    }

    /// Updates the record named by `input.id`, else the one with the same natural key, else
    /// creates one (the import upsert rule). Returns the record and whether it was created.
    package func upsert(
        type: ResourceType, environment: SandboxEnvironment, input: RecordInput, in transaction: RecordTransaction
    ) throws -> (record: StoredRecord, created: Bool) {
        if let id = input.id {
            var update = input
            update.id = nil
            return (
                try self.update(type: type, id: id, environment: environment, input: update, in: transaction), false
            )
        }
        let spec = try concreteSpec(type)
        var probe = StoredRecord(id: "", type: type, environment: environment)
        try? apply(input, to: &probe, spec: spec, creating: true, in: transaction, checkUniqueness: false)
        if let key = NaturalKey.key(spec: spec, attributes: probe.attributes, relationships: probe.relationships),
            let existing = try transaction.find(types: [type], environment: environment, naturalKey: key)
        {
            return (
                try update(type: type, id: existing.id, environment: environment, input: input, in: transaction), false
            )
        }
        return (try create(type: type, environment: environment, input: input, in: transaction), true)
    }

    /// Deletes the record `id` of `type`.
    package func delete(
        type: ResourceType, id: String, environment: SandboxEnvironment, in transaction: RecordTransaction
    )
        throws
    {
        guard let record = try transaction.find(id: id, environment: environment), record.type == type else {
            throw APIErrorList([.notFound("\(type)/\(id)")])
        }
        // Commerce Layer answers 423 when integrity constraints block a delete: a record other
        // records still point at (to-one) is not deleted under them, except its components
        // (the children its imports nest: a price's tiers, a sku list's items), deleted with it.
        let components = Set(
            (catalog[type]?.relationships ?? []).filter {
                catalog[type]?.nestedImportChildren.contains($0.name) == true
            }
            .flatMap(allowedTypes))
        for spec in catalog.specs where !spec.isAbstract {
            for relationship in spec.relationships
            where !relationship.isToMany && allowedTypes(relationship).contains(type) {
                if components.contains(spec.type) {
                    try transaction.deleteReferrers(
                        type: spec.type, relationship: relationship.name, id: id, environment: environment)
                    continue
                }
                guard
                    let child = try transaction.firstReferrer(
                        type: spec.type, relationship: relationship.name, id: id, environment: environment)
                else { continue }
                throw APIErrorList([
                    APIError(
                        status: 423, code: "LOCKED", title: "Locked",
                        detail:
                            "\(type)/\(id) cannot be deleted: \(spec.type)/\(child) refers to it (\(relationship.name))"
                    )
                ])
            }
        }
        try transaction.delete(id: id, environment: environment)
    }

    /// The spec of a type records can be written to.
    package func concreteSpec(_ type: ResourceType) throws -> ResourceSpec {
        guard let spec = catalog[type], !spec.isAbstract else {
            throw APIErrorList([.notFound("no resource type \(type)")])
        }
        return spec
    }

    /// The concrete types a relationship may point at (subtypes of abstract targets).
    package func allowedTypes(_ relationship: RelationshipSpec) -> [ResourceType] {
        relationship.targets.flatMap { target -> [ResourceType] in
            guard let spec = catalog[target], spec.isAbstract else { return [target] }
            return spec.subtypes
        }
    }
}
