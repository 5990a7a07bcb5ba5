import ResourceCatalog

/// Finds the record an import input updates the way Commerce Layer does (`ImportUpsertKey`):
/// by the type's documented key only, never by `reference`.
enum ImportUpsertMatch {
    /// The id of the record of `spec` in `probe`'s environment that `probe` (an input applied to
    /// an empty record) matches by the documented key, or nil when the type has none, a
    /// component is unset, or no record matches.
    static func existingID(spec: ResourceSpec, probe: StoredRecord, in transaction: RecordTransaction) throws
        -> String?
    {
        guard let key = ImportUpsertKey.documented[spec.type] else { return nil }
        if key == spec.identity.naturalKey {
            guard
                let natural = NaturalKey.key(
                    spec: spec, attributes: probe.attributes, relationships: probe.relationships)
            else { return nil }
            return try transaction.find(types: [spec.type], environment: probe.environment, naturalKey: natural)?.id
        }
        // A key that is not the store's natural key: candidates by its first attribute, then
        // every component compared.
        let attributes = key.compactMap { component -> String? in
            if case .attribute(let name) = component { name } else { nil }
        }
        guard let first = attributes.first, let value = probe.attributes[first]?.stringValue, !value.isEmpty else {
            return nil
        }
        let candidates = try transaction.records(
            types: [spec.type], environment: probe.environment, attribute: first, value: value)
        return candidates.first { candidate in
            key.allSatisfy { component in
                switch component {
                case .attribute(let name):
                    guard let wanted = probe.attributes[name], wanted != .null else { return false }
                    return candidate.attributes[name] == wanted
                case .parent(let relationship):
                    guard let wanted = probe.relatedID(relationship) else { return false }
                    return candidate.relatedID(relationship) == wanted
                }
            }
        }?.id
    }
}
