import GRDB
import ResourceCatalog

/// Builds import inputs from staged bodies and their resolved references.
///
/// An input keeps the type's clonable attributes (`ResourceSpec.clonableAttributes`) and its
/// nested import children (each child reduced to the child type's clonable attributes); ids,
/// timestamps, computed fields, nested parents and `<relation>_id` source ids are dropped. Per
/// parent relationship it then adds the code-style attribute (`sku_code`) when the export
/// carried the parent's code, else `<relation>_id` with the parent's target id from the id
/// map; an unresolved reference (policy `null`) is left out. The import parent's reference is
/// left out when the chunk carries it as `parent_resource_id`.
///
/// The SQL fetches each body with its references' code values and target ids; the reduction
/// is a byte-level copy of the kept members (`JSONObjectFilter`), not a parse.
struct ImportInputBuilder {
    /// `(relation, code attribute or nil)` in the order of the query's columns.
    private let relations: [(relation: RelationshipSpec, codeAttribute: String?)]
    private let filter: JSONObjectFilter
    /// Parameters: ?1 chunk id, ?2 type. Columns: id, body, own target id, identity, then per
    /// relation code, target.
    let sql: String

    /// - Parameter stagedChildren: nested-children keys filled from staged child records
    ///   (`NestedChildren`) rather than from the body.
    init(spec: ResourceSpec, catalog: ResourceCatalog, omitParent: Bool, stagedChildren: Set<String> = []) {
        relations = spec.parentRelationships
            .filter { !(omitParent && $0.name == spec.importParent) }
            .map { ($0, spec.codeReference(for: $0.name)?.attribute) }
        let codeAttributes = Set(relations.compactMap(\.codeAttribute))
        var nested: [String: JSONObjectFilter] = [:]
        for child in spec.nestedImportChildren {
            guard let childType = spec.relationship(child)?.target, let childSpec = catalog[childType] else { continue }
            nested[child] = JSONObjectFilter(keep: childSpec.clonableAttributes.map(\.name))
        }
        let kept = spec.clonableAttributes.map(\.name).filter { !codeAttributes.contains($0) }
        filter = JSONObjectFilter(
            keep: kept + spec.nestedImportChildren.filter { !stagedChildren.contains($0) }, nested: nested)
        // The record's own target id, when the target already holds it: the input then
        // updates that record by id.
        var columns = ["r.id", "r.body", "own.target_id", "r.identity"]
        var joins = ["LEFT JOIN id_map own ON own.type = ?2 AND own.identity = r.identity"]
        for (index, entry) in relations.enumerated() {
            // The parent's code as the target knows it: not when a transform changed the
            // parent's identity (a masked e-mail); then its target id instead.
            columns.append(
                """
                CASE WHEN EXISTS (SELECT 1 FROM records p WHERE p.type = x\(index).parent_type
                    AND p.identity = x\(index).parent_identity AND p.target_identity IS NOT NULL
                    AND p.target_identity != p.identity) THEN NULL ELSE x\(index).code_value END
                """)
            columns.append("m\(index).target_id")
            joins.append(
                """
                LEFT JOIN refs x\(index) ON x\(index).type = ?2 AND x\(index).relation = '\(entry.relation.name)'
                    AND x\(index).record_id = r.id
                LEFT JOIN id_map m\(index) ON m\(index).type = x\(index).parent_type
                    AND m\(index).identity = x\(index).parent_identity
                """)
        }
        sql = """
            SELECT \(columns.joined(separator: ", "))
            FROM chunks c CROSS JOIN json_each(c.record_ids) j JOIN records r ON r.id = j.value
            \(joins.joined(separator: "\n"))
            WHERE c.id = ?1 ORDER BY j.key
            """
    }

    /// Appends the input built from `row` (a row of `sql`) to `output`. An input that creates
    /// its record (no target id) also gets the nested children arrays in `nested`, by identity.
    /// - Returns: the identity whose nested children were written, if any.
    @discardableResult
    func append(_ row: Row, nested: [[String: [UInt8]]] = [], to output: inout [UInt8]) -> String? {
        var nestedIdentity: String?
        output.append(UInt8(ascii: "{"))
        var written = 0
        // The body's bytes as SQLite holds them: no String is built for them.
        try? row.withUnsafeData(atIndex: 1) { data in
            data?.withUnsafeBytes { written = filter.appendMembers(of: $0, to: &output) }
        }
        if let own = row[2] as String? {
            if written > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: "\"id\":".utf8)
            output.append(contentsOf: JSONValue.string(own).canonicalJSON.utf8)
            written += 1
        } else if let identity = row[3] as String? {
            for arrays in nested {
                guard let members = arrays[identity] else { continue }
                if written > 0 { output.append(UInt8(ascii: ",")) }
                output.append(contentsOf: members)
                written += 1
                nestedIdentity = identity
            }
        }
        for (index, entry) in relations.enumerated() {
            let member: (String, String)?
            if let attribute = entry.codeAttribute, let code = row[4 + 2 * index] as String? {
                member = (attribute, code)
            } else if let target = row[5 + 2 * index] as String? {
                member = (entry.relation.idKey, target)
            } else {
                member = nil
            }
            guard let (key, value) = member else { continue }
            if written > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: JSONValue.string(key).canonicalJSON.utf8)
            output.append(UInt8(ascii: ":"))
            output.append(contentsOf: JSONValue.string(value).canonicalJSON.utf8)
            written += 1
        }
        output.append(UInt8(ascii: "}"))
        return nestedIdentity
    }
}
