import ResourceCatalog

/// Loads a `SeedDataset` into one environment through `RecordWriter`, so seeded records pass
/// the same validation as REST creates.
package struct SeedLoader: Sendable {
    package let store: SandboxStore
    package let writer: RecordWriter

    package init(store: SandboxStore, writer: RecordWriter) {
        self.store = store
        self.writer = writer
    }

    /// Loads every record; returns the created records' ids by key.
    /// Blocks the calling thread (one transaction per group); call it off the cooperative pool.
    /// - Throws: `SeedError` for the first record that cannot be loaded; groups loaded before
    ///   its group stay, its own group is rolled back.
    @discardableResult
    package func load(_ dataset: SeedDataset, into environment: SandboxEnvironment) throws -> [String: RecordRef] {
        var refs: [String: RecordRef] = [:]
        var deferred: [(ref: RecordRef, record: SeedDataset.Record, relationship: String)] = []
        let catalog = writer.catalog
        for group in dataset.groups {
            guard let spec = catalog[group.type], !spec.isAbstract else { throw SeedError.unknownType(group.type) }
            try store.writeSync { transaction in
                for record in group.records {
                    var input = RecordInput(attributes: record.attributes)
                    var later: [String] = []
                    for (name, keys) in record.relationships {
                        let resolved = keys.compactMap { refs[$0] }
                        let isToMany = spec.relationship(name)?.isToMany ?? false
                        if resolved.count < keys.count {
                            guard !isToMany, keys.count == 1 else {
                                let missing = keys.first { refs[$0] == nil } ?? ""
                                throw SeedError.unknownKey(record: record.key, relationship: name, key: missing)
                            }
                            later.append(name)
                            continue
                        }
                        // A polymorphic link is given as its abstract type (`payment_gateways`).
                        let abstract = spec.relationship(name).flatMap(catalog.abstractType(of:))
                        let linked = resolved.map { ref in abstract.map { RecordRef(type: $0, id: ref.id) } ?? ref }
                        input.relationships[name] = isToMany ? .many(linked) : .one(linked.first)
                    }
                    do {
                        let created = try writer.create(
                            type: group.type, environment: environment, input: input, in: transaction)
                        let ref = RecordRef(type: group.type, id: created.id)
                        refs[record.key] = ref
                        deferred += later.map { (ref, record, $0) }
                    } catch let errors as APIErrorList {
                        throw SeedError.rejected(type: group.type, key: record.key, errors: errors)
                    }
                }
            }
        }
        try store.writeSync { transaction in
            for item in deferred {
                let key = item.record.relationships[item.relationship]?.first ?? ""
                guard let target = refs[key] else {
                    throw SeedError.unknownKey(record: item.record.key, relationship: item.relationship, key: key)
                }
                let input = RecordInput(relationships: [item.relationship: .one(target)])
                do {
                    _ = try writer.update(
                        type: item.ref.type, id: item.ref.id, environment: environment, input: input, in: transaction)
                } catch let errors as APIErrorList {
                    throw SeedError.rejected(type: item.ref.type, key: item.record.key, errors: errors)
                }
            }
        }
        try store.optimize()
        return refs
    }
}
