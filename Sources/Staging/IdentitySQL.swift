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

    /// Escapes a value for an identity component.
    package static func escape(_ value: String) -> String {
        "replace(replace(replace(replace(\(value), '\\', '\\\\'), '|', '\\|'), '[', '\\['), ']', '\\]')"
    }

    private func identity(
        of spec: ResourceSpec, json: String, path: String, depth: Int, allowFingerprint: Bool
    ) -> String {
        var alternatives: [String] = []
        if spec.identity.hasNaturalKey {
            var parts: [String] = []
            for (index, component) in spec.identity.naturalKey.enumerated() {
                let separator = index == 0 ? "" : "|"
                switch component {
                case .attribute(let name):
                    let value = "NULLIF(CAST(json_extract(\(json), '\(path).\(name)') AS TEXT), '')"
                    parts.append("'\(separator)\(name)=' || \(Self.escape(value))")
                case .parent(let relationName):
                    guard let relation = spec.relationship(relationName) else {
                        parts.append("NULL")
                        continue
                    }
                    let parent = parentIdentity(relation: relation, json: json, path: path, depth: depth + 1)
                    parts.append("'\(separator)\(relationName)=[' || \(parent) || ']'")
                }
            }
            alternatives.append(parts.joined(separator: " || "))
        }
        let reference = "NULLIF(CAST(json_extract(\(json), '\(path).reference') AS TEXT), '')"
        alternatives.append("'ref=' || \(Self.escape(reference))")
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
