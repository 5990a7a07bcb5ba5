import GRDB
import ResourceCatalog

extension StagingStore {
    /// Records the target ids of identities of `type` (after the type landed in the target).
    ///
    /// Later remaps resolve references to these records by them. Existing entries are replaced.
    package func recordTargetIDs(_ entries: [(identity: String, targetID: String)], type: ResourceType) throws {
        try write { db in
            let statement = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO id_map (type, identity, target_id) VALUES (?, ?, ?)")
            for entry in entries {
                try statement.execute(arguments: [type.rawValue, entry.identity, entry.targetID])
            }
        }
    }

    /// Records target ids from target records (objects with `id` and the identity fields, e.g.
    /// an export of the target with `id` and key fields): identities are computed by the same
    /// rules as staged records, so they match.
    package func recordTargetRecords(_ records: [JSONValue], type: ResourceType) throws {
        let spec = try spec(type)
        let identity = IdentitySQL(catalog: catalog).identity(of: spec, json: "?2")
        try write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO id_map (type, identity, target_id)
                    SELECT ?1, \(identity), ?3 WHERE \(identity) IS NOT NULL
                    """)
            for record in records {
                guard let id = record["id"]?.stringValue else { continue }
                try statement.execute(arguments: [type.rawValue, record.canonicalJSON, id])
            }
        }
    }

    /// The identity staging gives `record` of `type` (a flat or export-shaped object).
    package func identity(of record: JSONValue, type: ResourceType) throws -> String? {
        let spec = try spec(type)
        let identity = IdentitySQL(catalog: catalog).identity(of: spec, json: "?1")
        return try read { db in try String.fetchOne(db, sql: "SELECT \(identity)", arguments: [record.canonicalJSON]) }
    }

    /// The target id recorded for an identity, if any.
    package func targetID(type: ResourceType, identity: String) throws -> String? {
        try read { db in
            try String.fetchOne(
                db, sql: "SELECT target_id FROM id_map WHERE type = ? AND identity = ?",
                arguments: [type.rawValue, identity])
        }
    }

    /// Builds the secondary index for lookups of records by identity (call once loading is
    /// over, before verification; loads do not maintain it until it exists).
    package func buildIndexes() throws {
        try write { db in try Self.ensureIndexes(db) }
    }

    /// The distinct identities staged for `type`, sorted (what to look up in the target).
    package func stagedIdentities(type: ResourceType) throws -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: "SELECT DISTINCT identity FROM records WHERE type = ? AND identity IS NOT NULL ORDER BY identity",
                arguments: [type.rawValue])
        }
    }

    /// Resolves the references of `type` given by a source id whose parent was staged after
    /// the type's files (its identity was unknown then), and the identities built from them.
    /// A polymorphic reference (a payment method's gateway) takes its parent's concrete type
    /// and identity from the staged parent its source id names: the export says neither.
    /// Idempotent; `remap(type:policy:deferring:)` does it first.
    package func resolveSourceIDReferences(type: ResourceType) throws {
        let spec = try spec(type)
        try write { db in try Self.resolveSourceIDReferences(db, spec: spec, catalog: catalog) }
    }

    private static func resolveSourceIDReferences(_ db: Database, spec: ResourceSpec, catalog: ResourceCatalog)
        throws
    {
        try db.execute(
            sql: """
                UPDATE refs INDEXED BY refs_unresolved SET parent_identity = s.identity
                FROM records r, source_ids s
                WHERE refs.type = ?1 AND refs.parent_identity IS NULL AND r.id = refs.record_id
                    AND s.type = refs.parent_type
                    AND s.source_id = CAST(json_extract(r.body, '$.' || refs.relation || '_id') AS TEXT)
                """, arguments: [spec.type.rawValue])
        var changed = db.changesCount > 0
        for relation in spec.parentRelationships where relation.targets.count > 1 {
            let targets = relation.targets.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            try db.execute(
                sql: """
                    UPDATE refs SET parent_type = s.type, parent_identity = s.identity
                    FROM records r, source_ids s
                    WHERE \(Self.referenceScope("refs")) AND refs.relation = ?2 AND r.id = refs.record_id
                        AND s.type IN (\(targets))
                        AND s.source_id = CAST(json_extract(r.body, '$.\(relation.idKey)') AS TEXT)
                        AND (refs.parent_type IS NOT s.type OR refs.parent_identity IS NOT s.identity)
                    """, arguments: [spec.type.rawValue, relation.name])
            changed = changed || db.changesCount > 0
            // Without a source id (a seeder folder embeds the parent by reference), the kind is
            // the one whose staged records hold the parent's identity.
            let holder =
                "SELECT p.type FROM records p WHERE p.type IN (\(targets)) AND p.identity = refs.parent_identity"
            try db.execute(
                sql: """
                    UPDATE refs SET parent_type = (\(holder) ORDER BY p.type LIMIT 1)
                    WHERE \(Self.referenceScope("refs")) AND refs.relation = ?2 AND refs.parent_identity IS NOT NULL
                        AND NOT EXISTS (\(holder) AND p.type = refs.parent_type) AND EXISTS (\(holder))
                    """, arguments: [spec.type.rawValue, relation.name])
            changed = changed || db.changesCount > 0
        }
        guard changed else { return }
        let identity = IdentitySQL(catalog: catalog).identity(of: spec, json: "body")
        try db.execute(
            sql: """
                UPDATE records SET identity = \(identity)
                WHERE \(Self.typeScope("records")) AND identity IS NOT \(identity)
                """, arguments: [spec.type.rawValue])
    }

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
            try Self.resolveSourceIDReferences(db, spec: spec, catalog: catalog)
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
