import GRDB
import ResourceCatalog

extension Remapper {
    /// Resolves every reference of `type`'s records, set-based, and applies `policy` to those
    /// that cannot be resolved. Relationships in `deferred` are set later by a patch: they are
    /// not written now and not reported as missing.
    ///
    /// A reference resolves to the code-style attribute the import API reads
    /// (`ResourceSpec.codeReferences`, e.g. prices' `sku_code`) when the export carried the
    /// parent's code, else to the parent's target id in the id map. Chunk and REST payloads
    /// are built from this resolution. Unresolved references are recorded (see
    /// `missingReferences(type:)`) with the record and the missing parent identity; under
    /// `skip` (or `null` on a required relationship) their records are marked skipped.
    /// Idempotent: a remap replaces the previous one's findings.
    /// - Throws: `StagingError.unresolvedReferences` under `fail` when any is unresolved (the
    ///   findings are recorded first).
    @discardableResult
    package func remap(
        type: ResourceType, policy: MissingReferencePolicy, deferring deferred: Set<String> = []
    ) throws -> RemapReport {
        let spec = try spec(type)
        let deferredList = deferred.isEmpty ? "''" : deferred.sorted().map { "'\($0)'" }.joined(separator: ", ")
        let required = spec.parentRelationships.filter(\.isRequired).map { "'\($0.name)'" }
        let requiredList = required.isEmpty ? "''" : required.joined(separator: ", ")
        let action: String
        switch policy {
        case .fail: action = "'failed'"
        case .skip: action = "'skipped'"
        case .null: action = "CASE WHEN x.relation IN (\(requiredList)) THEN 'skipped' ELSE 'nulled' END"
        }
        let report = try write { db -> RemapReport in
            try IdentityResolver.resolveSourceIDReferences(db, spec: spec, catalog: catalog)
            try db.execute(
                sql: """
                    DELETE FROM outcomes WHERE type = ?1 AND outcome = 'skipped'
                        AND record_id IN (SELECT record_id FROM missing_refs WHERE type = ?1)
                    """, arguments: [type.rawValue])
            try db.execute(
                sql: """
                    UPDATE records SET state = 'staged'
                    WHERE id IN (SELECT record_id FROM missing_refs WHERE type = ?1) AND state = 'skipped'
                    """, arguments: [type.rawValue])
            try db.execute(sql: "DELETE FROM missing_refs WHERE type = ?", arguments: [type.rawValue])
            try db.execute(
                sql: """
                    INSERT INTO missing_refs (record_id, type, relation, parent_type, parent_identity, action)
                    SELECT x.record_id, x.type, x.relation, x.parent_type, x.parent_identity, \(action)
                    FROM refs x
                    WHERE \(Self.referenceScope("x")) AND x.code_value IS NULL AND x.relation NOT IN (\(deferredList)) AND NOT EXISTS (
                        SELECT 1 FROM id_map m WHERE m.type = x.parent_type AND m.identity = x.parent_identity)
                    """, arguments: [type.rawValue])
            try db.execute(
                sql: """
                    UPDATE records SET state = 'skipped'
                    WHERE id IN (SELECT record_id FROM missing_refs WHERE type = ?1 AND action = 'skipped')
                    """, arguments: [type.rawValue])
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO outcomes (record_id, type, outcome, reason)
                    SELECT record_id, type, 'skipped',
                        'missing ' || relation || ' ' || parent_type || ' ' || COALESCE(parent_identity, '(not in export)')
                    FROM missing_refs WHERE type = ?1 AND action = 'skipped'
                    GROUP BY record_id
                    """, arguments: [type.rawValue])
            let missing = try Self.missingReferences(db, type: type)
            let counts = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT COALESCE(sum(records), 0) FROM files WHERE type = ?1),
                        (SELECT count(DISTINCT record_id) FROM missing_refs WHERE type = ?1 AND action = 'skipped')
                    """,
                arguments: [type.rawValue])!
            return RemapReport(type: type, records: counts[0], ready: counts[0] - counts[1], missing: missing)
        }
        if policy == .fail, !report.missing.isEmpty {
            throw StagingError.unresolvedReferences(
                type: type, count: report.missing.count, examples: Array(report.missing.prefix(5)))
        }
        return report
    }

    /// The unresolved references last recorded for `type`, in record order.
    package func missingReferences(type: ResourceType) throws -> [MissingReference] {
        try read { db in try Self.missingReferences(db, type: type) }
    }

    private static func missingReferences(_ db: Database, type: ResourceType) throws -> [MissingReference] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT x.record_id, r.identity, x.relation, x.parent_type, x.parent_identity, x.action
                FROM missing_refs x JOIN records r ON r.id = x.record_id
                WHERE x.type = ? ORDER BY x.record_id, x.relation
                """, arguments: [type.rawValue]
        ).map { row in
            MissingReference(
                recordID: row[0], type: type, identity: row[1], relation: row[2],
                parentType: ResourceType(row[3] as String), parentIdentity: row[4],
                action: MissingReference.Action(rawValue: row[5]) ?? .failed)
        }
    }
}
