import GRDB
import GRDBSQLite
import ResourceCatalog

/// Builds import inputs from staged bodies and their resolved references.
///
/// An input keeps the type's writable attributes (`ResourceSpec.writableAttributes`) and its
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
    /// Per relation, in the order of the query's columns: the JSON keys (quoted) of its code
    /// attribute (when it has one) and of its `<relation>_id`.
    private let relations: [(codeKey: [UInt8]?, idKey: [UInt8])]
    private let filter: JSONObjectFilter
    /// Per carried to-many relationship, in the order of the query's columns: its JSON key (quoted).
    private let toManyKeys: [[UInt8]]
    /// Parameters: ?1 chunk id, ?2 type. Columns: id, body, own target id, identity (NULL without
    /// staged children), then per relation code, target, and last the member's position in the
    /// chunk. Rows come in the order of the chunk's members as SQLite visits them (no sort); the
    /// reader checks the positions.
    let sql: String

    /// - Parameters:
    ///   - ownIDs: whether the id map may hold target ids of this type (else none is looked up).
    ///   - renamedParents: whether any staged record's target identity differs from its
    ///     identity (else no parent is checked for it).
    ///   - stagedChildren: nested-children keys filled from staged child records
    ///     (`NestedChildren`) rather than from the body.
    init(
        spec: ResourceSpec, catalog: ResourceCatalog, omitParent: Bool, ownIDs: Bool = true,
        renamedParents: Bool = true, stagedChildren: Set<String> = [], toMany: [ToManyInput] = []
    ) {
        let kept = spec.parentRelationships
            .filter { !(omitParent && $0.name == spec.importParent) }
            .map { ($0, spec.codeReference(for: $0.name)?.attribute) }
        relations = kept.map { relation, code in
            (
                code.map { Array(JSONValue.string($0).canonicalJSON.utf8) },
                Array(JSONValue.string(relation.idKey).canonicalJSON.utf8)
            )
        }
        let codeAttributes = Set(kept.compactMap(\.1))
        var nested: [String: JSONObjectFilter] = [:]
        for child in spec.nestedImportChildren {
            guard let childType = spec.relationship(child)?.target, let childSpec = catalog[childType] else { continue }
            nested[child] = JSONObjectFilter(keep: childSpec.clonableAttributes.map(\.name))
        }
        let attributes = spec.writableAttributes.map(\.name).filter { !codeAttributes.contains($0) }
        filter = JSONObjectFilter(
            keep: attributes + spec.nestedImportChildren.filter { !stagedChildren.contains($0) }, nested: nested)
        // The record's own target id, when the target already holds it: the input then
        // updates that record by id.
        var columns = [
            "r.id", "r.body",
            ownIDs
                ? "(SELECT own.target_id FROM id_map own WHERE own.type = ?2 AND own.identity = r.identity)" : "NULL",
            // The identity finds the staged children to nest: not read without any.
            stagedChildren.isEmpty ? "NULL" : "r.identity",
        ]
        var joins: [String] = []
        for (index, entry) in kept.enumerated() {
            // The parent's code as the target knows it: not when a transform changed the
            // parent's identity (a masked e-mail); then its target id instead.
            let code =
                renamedParents
                ? """
                CASE WHEN EXISTS (SELECT 1 FROM records p INDEXED BY records_renamed WHERE p.type = x\(index).parent_type
                    AND p.identity = x\(index).parent_identity AND p.target_identity IS NOT NULL
                    AND p.target_identity != p.identity) THEN NULL ELSE x\(index).code_value END
                """ : "x\(index).code_value"
            columns.append(code)
            // The target id is only needed without a code.
            columns.append(
                """
                CASE WHEN (\(code)) IS NULL THEN (SELECT m.target_id FROM id_map m
                    WHERE m.type = x\(index).parent_type AND m.identity = x\(index).parent_identity) END
                """)
            joins.append(
                """
                LEFT JOIN refs x\(index) ON x\(index).type = ?2 AND x\(index).relation = '\(entry.0.name)'
                    AND x\(index).record_id = r.id
                """)
        }
        let identities = IdentitySQL(catalog: catalog)
        var carried: [[UInt8]] = []
        for relation in toMany {
            guard let relatedSpec = catalog[relation.targetType] else { continue }
            let path = "'$.\(relation.relation)'"
            let known = """
                FROM json_each(r.body, \(path)) t JOIN id_map m ON m.type = '\(relation.targetType)'
                    AND m.identity = \(identities.identity(of: relatedSpec, json: "t.value"))
                """
            if let trigger = relation.addTrigger {
                // The names, as one JSON string "a,b"; NULL when the body names none.
                columns.append(
                    "(SELECT CASE WHEN count(*) > 0 THEN json_quote(group_concat(json_extract(t.value, '$.name'), ',')) "
                        + "END \(known))")
                carried.append(Array(JSONValue.string(trigger).canonicalJSON.utf8))
            } else {
                // The related records' target ids, as `[{"id":"…"}]`; NULL when the body has no array.
                columns.append(
                    "CASE WHEN json_type(r.body, \(path)) = 'array' THEN (SELECT json_group_array(json_object('id', "
                        + "m.target_id)) \(known)) END")
                carried.append(Array(JSONValue.string(relation.relation).canonicalJSON.utf8))
            }
        }
        toManyKeys = carried
        columns.append("j.key")
        sql = """
            SELECT \(columns.joined(separator: ", "))
            FROM chunks c CROSS JOIN json_each(c.record_ids) j JOIN records r ON r.id = j.value
            \(joins.joined(separator: "\n"))
            WHERE c.id = ?1
            """
    }

    /// The column holding the member's position in the chunk.
    var positionColumn: Int32 { Int32(4 + 2 * relations.count + toManyKeys.count) }

    /// Appends the input built from `row` (a row of `sql`: its text columns as SQLite held
    /// them) to `output`. No `String` is built for the values. An input that creates its
    /// record (no target id) also gets the nested children arrays in `nested`, by identity.
    /// - Returns: the identity whose nested children were written, if any.
    @discardableResult
    func append<Row: ImportInputColumns>(_ row: Row, nested: [[String: [UInt8]]] = [], to output: inout [UInt8])
        -> String?
    {
        var nestedIdentity: String?
        output.append(UInt8(ascii: "{"))
        var written = 0
        if let body = row.text(1) {
            written = filter.appendMembers(of: UnsafeRawBufferPointer(body), to: &output)
        }
        let own = row.text(2)
        let updating = own != nil
        if let own {
            if written > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: #""id":"#.utf8)
            JSONStringWriter.append(own, to: &output)
            written += 1
        } else if !nested.isEmpty, let bytes = row.text(3) {
            let identity = String(decoding: bytes, as: UTF8.self)
            for arrays in nested {
                guard let members = arrays[identity] else { continue }
                if written > 0 { output.append(UInt8(ascii: ",")) }
                output.append(contentsOf: members)
                written += 1
                nestedIdentity = identity
            }
        }
        for (index, entry) in relations.enumerated() {
            let key: [UInt8]
            let value: UnsafeBufferPointer<UInt8>
            if let attribute = entry.codeKey, let code = row.text(Int32(4 + 2 * index)) {
                (key, value) = (attribute, code)
            } else if let target = row.text(Int32(5 + 2 * index)) {
                (key, value) = (entry.idKey, target)
            } else {
                continue
            }
            if written > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: key)
            output.append(UInt8(ascii: ":"))
            JSONStringWriter.append(value, to: &output)
            written += 1
        }
        for (index, key) in toManyKeys.enumerated() {
            // SQLite built the array (or the trigger's string) as JSON text: copied as is. A
            // record created with none gets no member (an update sends `[]`: it clears the
            // target's set).
            guard let array = row.text(Int32(4 + 2 * relations.count + index)),
                updating || !(array.count == 2 && array[0] == UInt8(ascii: "[") && array[1] == UInt8(ascii: "]"))
            else { continue }
            if written > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: key)
            output.append(UInt8(ascii: ":"))
            output.append(contentsOf: array)
            written += 1
        }
        output.append(UInt8(ascii: "}"))
        return nestedIdentity
    }
}

/// The current row of a statement of `ImportInputBuilder.sql`, read in place (valid until the
/// statement steps again).
struct StatementColumns: ImportInputColumns {
    let statement: OpaquePointer

    func text(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL else { return nil }
        let pointer = sqlite3_column_text(statement, column)
        let count = Int(sqlite3_column_bytes(statement, column))
        return UnsafeBufferPointer(start: pointer, count: count)
    }
}
