import ResourceCatalog

/// The natural key of a record as one string, used for the unique index of the store.
///
/// Components follow the catalog's `IdentityRule`: an attribute contributes its value, a
/// parent its related record id. Components are joined with U+001F. The key is nil when a
/// component is missing or blank (such records are not unique-checked, like optional codes).
package enum NaturalKey {
    /// The key of a record of `spec`, or nil when the type has none or a component is unset.
    package static func key(
        spec: ResourceSpec, attributes: [String: JSONValue], relationships: [String: RelationshipValue]
    ) -> String? {
        guard spec.identity.hasNaturalKey else { return nil }
        var parts: [String] = []
        for component in spec.identity.naturalKey {
            switch component {
            case .attribute(let name):
                guard let value = attributes[name], let text = text(value), !text.isEmpty else { return nil }
                parts.append(text)
            case .parent(let relationship):
                guard case .one(let ref?)? = relationships[relationship] else { return nil }
                parts.append(ref.id)
            }
        }
        return parts.joined(separator: "\u{1F}")
    }

    /// The key for a type whose natural key is the single attribute `name` with `value`.
    package static func singleAttributeKey(spec: ResourceSpec, attribute name: String, value: String) -> String? {
        guard spec.identity.naturalKey == [.attribute(name)] else { return nil }
        return value
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): String(flag)
        default: nil
        }
    }
}
