import ResourceCatalog

/// Builds the SQL expressions that turn a staged body into an import input or a REST document.
///
/// An input keeps the type's clonable attributes (`ResourceSpec.clonableAttributes`) and
/// nested import children (volatile and non-creatable members of each child removed); drops
/// ids, timestamps, computed fields and nested parents; and adds, per parent relationship, the
/// code-style attribute (`sku_code`) when the export carried the parent's code, else
/// `<relation>_id` with the parent's target id from the id map. Unresolved references (policy
/// `null`) are left out. The import parent's `<relation>_id` is left out when the chunk
/// carries it as `parent_resource_id`.
struct PayloadSQL {
    let spec: ResourceSpec
    let catalog: ResourceCatalog

    /// `json_remove(body, …)` keeping only what a write may carry (code attributes stay).
    func strippedBody(_ body: String) -> String {
        let clonable = Set(spec.clonableAttributes.map(\.name))
        var removals = spec.attributes.map(\.name).filter { !clonable.contains($0) }
        for relation in spec.relationships where !spec.nestedImportChildren.contains(relation.name) {
            removals.append(relation.name)
            removals.append(relation.idKey)
        }
        removals += ["id", "type"]
        let paths = Array(Set(removals)).sorted().map { "'$.\"\($0)\"'" }
        return "json_remove(\(body), \(paths.joined(separator: ", ")))"
    }

    /// The target id of `relation` of record `recordID` (SQL expression), or NULL.
    func targetID(relation: String, recordID: String) -> String {
        """
        (SELECT m.target_id FROM refs x JOIN id_map m ON m.type = x.parent_type AND m.identity = x.parent_identity
         WHERE x.record_id = \(recordID) AND x.relation = '\(relation)')
        """
    }

    /// The import input of the record aliased `r`.
    func importInput(omitParent: Bool) -> String {
        // A record the target already holds is updated by its target id (JSON merge: a NULL
        // id, for a new record, adds nothing).
        var members: [String] = [
            "'id', (SELECT target_id FROM id_map WHERE type = r.type AND identity = r.identity)"
        ]
        for relation in spec.parentRelationships {
            if omitParent, relation.name == spec.importParent { continue }
            let target = targetID(relation: relation.name, recordID: "r.id")
            if let code = spec.codeReference(for: relation.name) {
                // The parent's code as the target knows it: not when a transform changed the
                // parent's identity (a masked e-mail), then its target id instead.
                let value = """
                    (SELECT x.code_value FROM refs x WHERE x.record_id = r.id AND x.relation = '\(relation.name)'
                     AND NOT EXISTS (SELECT 1 FROM records p WHERE p.type = x.parent_type AND p.identity = x.parent_identity
                         AND p.target_identity IS NOT NULL AND p.target_identity != p.identity))
                    """
                members.append("'\(code.attribute)', \(value)")
                members.append("'\(relation.idKey)', CASE WHEN \(value) IS NULL THEN \(target) END")
            } else {
                members.append("'\(relation.idKey)', \(target)")
            }
        }
        for child in spec.nestedImportChildren {
            guard let relation = spec.relationship(child) else { continue }
            let childRemovals = childRemovals(relation)
            members.append(
                """
                '\(child)', CASE WHEN json_type(r.body, '$.\(child)') = 'array' THEN
                    (SELECT json_group_array(json_remove(value, \(childRemovals))) FROM json_each(r.body, '$.\(child)')) END
                """)
        }
        let stripped = strippedBody("r.body")
        return "json_patch(\(stripped), json_object(\(members.joined(separator: ", "))))"
    }

    /// The JSON:API document creating the record aliased `r` over REST.
    func restDocument() -> String {
        let relationships = """
            (SELECT json_group_object(x.relation, json_object('data', json_object('type', x.parent_type, 'id', m.target_id)))
             FROM refs x JOIN id_map m ON m.type = x.parent_type AND m.identity = x.parent_identity
             WHERE x.record_id = r.id)
            """
        return """
            json_object('data', json_object('type', '\(spec.type.rawValue)',
                'attributes', json(\(strippedBody("r.body"))),
                'relationships', json(COALESCE(\(relationships), '{}'))))
            """
    }

    private func childRemovals(_ relation: RelationshipSpec) -> String {
        var names: Set<String> = ["id", "created_at", "updated_at"]
        if let childSpec = catalog[relation.target] {
            let clonable = Set(childSpec.clonableAttributes.map(\.name))
            names.formUnion(childSpec.attributes.map(\.name).filter { !clonable.contains($0) && $0 != "type" })
            for parent in childSpec.relationships {
                names.insert(parent.name)
                names.insert(parent.idKey)
            }
        }
        return names.sorted().map { "'$.\"\($0)\"'" }.joined(separator: ", ")
    }
}
