import ResourceCatalog

/// Builds the SQL expression that turns a staged body into a JSON:API document for REST
/// writes (types the import API does not accept).
///
/// Attributes are the clonable ones (code-style attributes included), with `_disable: true`
/// for a disabled record of a type with the enabled/disabled state; relationships are
/// `{"data":{"type","id"}}` with the parent's target id from the id map, for every parent
/// relationship that resolves (unresolved ones are left out).
struct PayloadSQL {
    let spec: ResourceSpec
    let catalog: ResourceCatalog

    /// `json_remove(body, …)` keeping only what a write may carry.
    func strippedBody(_ body: String) -> String {
        // Secrets are in the body only when the plan gave the target's value.
        let clonable = Set(spec.writableAttributes.map(\.name))
        var removals = spec.attributes.map(\.name).filter { !clonable.contains($0) }
        for relation in spec.relationships where !spec.nestedImportChildren.contains(relation.name) {
            removals.append(relation.name)
            removals.append(relation.idKey)
        }
        removals += ["id", "type"]
        let paths = Array(Set(removals)).sorted().map { "'$.\"\($0)\"'" }
        return "json_remove(\(body), \(paths.joined(separator: ", ")))"
    }

    /// The JSON:API document creating the record aliased `r` (`?1` is the type).
    func restDocument() -> String {
        var members: [String] = []
        for relation in spec.parentRelationships {
            // A payment method's gateway is written as `payment_gateways` whatever its kind (the
            // documented form).
            let linkType = catalog.abstractType(of: relation).map { "'\($0.rawValue)'" } ?? "x.parent_type"
            members.append(
                """
                '\(relation.name)', (SELECT json_object('data', json_object('type', \(linkType), 'id', m.target_id))
                    FROM refs x JOIN id_map m ON m.type = x.parent_type AND m.identity = x.parent_identity
                    WHERE x.type = ?1 AND x.relation = '\(relation.name)' AND x.record_id = r.id)
                """)
        }
        let relationships =
            members.isEmpty ? "'{}'" : "json_patch('{}', json_object(\(members.joined(separator: ", "))))"
        return """
            json_object('data', json_object('type', '\(spec.type.rawValue)',
                'attributes', json(\(attributes("r.body"))), 'relationships', json(\(relationships))))
            """
    }

    /// The attributes a write carries: the stripped body, and for a type with the
    /// enabled/disabled state `_disable: true` when the record is disabled (`disabled_at` set;
    /// the timestamp itself is read-only and never sent).
    private func attributes(_ body: String) -> String {
        let stripped = strippedBody(body)
        guard spec.hasEnabledState else { return stripped }
        return """
            CASE WHEN \(Self.isDisabled(body)) THEN json_set(\(stripped), '$.\(ResourceSpec.disableTrigger)', json('true'))
                ELSE \(stripped) END
            """
    }

    /// Whether the staged `body` of a type with the enabled/disabled state is disabled.
    static func isDisabled(_ body: String) -> String {
        "COALESCE(CAST(json_extract(\(body), '$.\(ResourceSpec.disabledAt)') AS TEXT), '') != ''"
    }
}
