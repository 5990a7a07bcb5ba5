import ResourceCatalog

/// Builds the SQL expressions that compute identities from staged JSON bodies.
///
/// Identity format (strings, stable across runs and environments):
/// - natural key: components joined by `|`, in the catalog's order; an attribute is
///   `name=value` (`code=TSHIRT-M`), a parent is `relation=[parent identity]`
///   (`price_list=[code=EUR]|sku=[code=TSHIRT-M]`);
/// - else `ref=<reference>` when the record has a non-empty `reference`;
/// - else `fp=<32 hex digits>`, a content fingerprint (see `ContentFingerprint`).
///
/// Values are escaped so identities are unambiguous: `\` → `\\`, `|` → `\|`, `[` → `\[`,
/// `]` → `\]`. A natural key is used only when every component is present and non-empty.
///
/// A parent's identity is read from the nested object the export embeds (`"sku": {"code": …}`)
/// by its natural key or reference; else from the `<relation>_id` source id via the
/// `source_ids` table (filled by records staged with their `id`); else, for a nested object,
/// from its content fingerprint.
package struct IdentitySQL: Sendable {
    /// The catalog whose identity rules apply.
    package let catalog: ResourceCatalog
    /// How deep nested parents are followed (a price tier's price's price list is depth 2).
    package static let maximumDepth = 3

    package init(catalog: ResourceCatalog) { self.catalog = catalog }

    /// The identity of a record of `spec` whose JSON text is the SQL expression `json`.
    package func identity(of spec: ResourceSpec, json: String) -> String {
        identity(of: spec, json: json, path: "$", depth: 0, allowFingerprint: true)
    }

    /// The identity of the parent that `relation` of a `json` record points at, or NULL.
    package func parentIdentity(relation: RelationshipSpec, json: String) -> String {
        parentIdentity(relation: relation, json: json, path: "$", depth: 0)
    }

    /// Escapes a value for an identity component (`IdentityFormat.escapedCharacters`).
    package static func escape(_ value: String) -> String {
        IdentityFormat.escapedCharacters.reduce(value) { expression, character in
            let escaped = character == "\\" ? "\\\\" : "\\\(character)"
            return "replace(\(expression), '\(character)', '\(escaped)')"
        }
    }

    /// The natural key of `spec` as SQL: `value(attribute)` gives an attribute's text (NULL or
    /// empty when unset), `parent(relationship)` its parent's identity (NULL when unknown); the
    /// key is NULL when a component is. NULL for a type without a natural key.
    package static func naturalKey(
        of spec: ResourceSpec, value: (String) -> String, parent: (RelationshipSpec?, String) -> String
    ) -> String? {
        guard spec.identity.hasNaturalKey else { return nil }
        var parts: [String] = []
        for (index, component) in spec.identity.naturalKey.enumerated() {
            let separator = index == 0 ? "" : IdentityFormat.componentSeparator
            switch component {
            case .attribute(let name):
                parts.append("'\(separator)\(name)=' || \(escape("NULLIF(CAST(\(value(name)) AS TEXT), '')"))")
            case .parent(let relationName):
                let parentIdentity = parent(spec.relationship(relationName), relationName)
                parts.append(
                    parentIdentity == "NULL" ? "NULL" : "'\(separator)\(relationName)=[' || \(parentIdentity) || ']'")
            }
        }
        return parts.joined(separator: " || ")
    }

    /// A record's `reference` as an identity (NULL when unset or empty); `value` is its text.
    package static func reference(_ value: String) -> String {
        "'\(IdentityFormat.referencePrefix)' || \(escape("NULLIF(CAST(\(value) AS TEXT), '')"))"
    }

    private func identity(
        of spec: ResourceSpec, json: String, path: String, depth: Int, allowFingerprint: Bool
    ) -> String {
        var alternatives: [String] = []
        let key = Self.naturalKey(
            of: spec, value: { "json_extract(\(json), '\(path).\($0)')" },
            parent: { relation, _ in
                relation.map { parentIdentity(relation: $0, json: json, path: path, depth: depth + 1) } ?? "NULL"
            })
        if let key { alternatives.append(key) }
        alternatives.append(Self.reference("json_extract(\(json), '\(path).reference')"))
        if allowFingerprint {
            let object = path == "$" ? json : "json_extract(\(json), '\(path)')"
            alternatives.append("lc_fingerprint('\(spec.type.rawValue)', \(object))")
        }
        return alternatives.count == 1 ? alternatives[0] : "COALESCE(\(alternatives.joined(separator: ", ")))"
    }

    private func parentIdentity(relation: RelationshipSpec, json: String, path: String, depth: Int) -> String {
        let parentType = relation.target
        let sourceID = "json_extract(\(json), '\(path).\(relation.idKey)')"
        let lookup =
            "(SELECT identity FROM source_ids WHERE type = '\(parentType.rawValue)' AND source_id = \(sourceID))"
        guard depth <= Self.maximumDepth, let parentSpec = catalog[parentType] else { return lookup }
        let nestedPath = "\(path).\(relation.name)"
        // A nested parent with neither its natural key nor a reference (a price list without a
        // code) is found by its source id first, its fingerprint only when there is none.
        let nested = identity(of: parentSpec, json: json, path: nestedPath, depth: depth, allowFingerprint: false)
        let fingerprint = "lc_fingerprint('\(parentType.rawValue)', json_extract(\(json), '\(nestedPath)'))"
        return """
            CASE WHEN json_type(\(json), '\(nestedPath)') = 'object' THEN COALESCE(\(nested), \(lookup), \(fingerprint))
            ELSE \(lookup) END
            """
    }
}
