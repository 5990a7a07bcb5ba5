import GRDB
import ResourceCatalog

extension IdentityResolver {
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

    static func resolveSourceIDReferences(_ db: Database, spec: ResourceSpec, catalog: ResourceCatalog)
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
}
