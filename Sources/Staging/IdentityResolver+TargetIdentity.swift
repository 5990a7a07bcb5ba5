import GRDB
import ResourceCatalog

/// Identities on the target side.
///
/// A record's `identity` is computed from the source's data when it is staged; children refer
/// to their parents by it and the id map is keyed by it. When a plan's transforms change what
/// an identity is made of (a masked e-mail, masked address fields), the record lands in the
/// target under another identity: its target identity, computed by the same rules from the
/// transformed body, with parents by their own target identities. Reads of the target see
/// target identities, so the id map and comparisons translate through them.
extension IdentityResolver {
    /// Computes the target identity of every record of `type`. Call after the type's
    /// transforms and after its parents' target identities were computed.
    package func computeTargetIdentities(type: ResourceType) throws {
        let spec = try spec(type)
        var alternatives: [String] = []
        let key = IdentitySQL.naturalKey(
            of: spec, value: { "json_extract(r.body, '$.\($0)')" },
            parent: { _, relation in
                """
                (SELECT COALESCE(
                    (SELECT p.target_identity FROM records p
                     WHERE p.type = x.parent_type AND p.identity = x.parent_identity LIMIT 1),
                    x.parent_identity)
                 FROM refs x WHERE x.type = r.type AND x.relation = '\(relation)' AND x.record_id = r.id)
                """
            })
        if let key { alternatives.append(key) }
        alternatives.append(IdentitySQL.reference("json_extract(r.body, '$.reference')"))
        alternatives.append("lc_fingerprint('\(spec.type.rawValue)', r.body)")
        try write { db in
            try db.execute(
                sql: """
                    UPDATE records AS r SET target_identity = COALESCE(\(alternatives.joined(separator: ", ")))
                    WHERE \(Self.typeScope("r"))
                    """, arguments: [type.rawValue])
        }
    }

    /// Records target ids read from the target, whose identities are target identities: each
    /// is recorded for the staged records that will have that identity in the target, or as it
    /// is when no staged record will (a type the plan only looks up).
    package func recordTargetIDs(targetIdentities entries: [(identity: String, id: String)], type: ResourceType)
        throws
    {
        // INDEXED BY: left to itself SQLite walks the (type, identity) index for
        // `identity IS NOT NULL`, a scan of the type per entry (quadratic at 100k records).
        try write { db in
            let translate = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO id_map (type, identity, target_id)
                    SELECT DISTINCT type, identity, ?3 FROM records INDEXED BY records_by_target_identity
                    WHERE type = ?1 AND target_identity = ?2 AND identity IS NOT NULL
                    """)
            let direct = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO id_map (type, identity, target_id) VALUES (?, ?, ?)")
            for entry in entries {
                try translate.execute(arguments: [type.rawValue, entry.identity, entry.id])
                if db.changesCount == 0 { try direct.execute(arguments: [type.rawValue, entry.identity, entry.id]) }
            }
        }
    }

    /// The target identity of the staged record of `type` with this (source) identity.
    package func targetIdentity(type: ResourceType, identity: String) throws -> String? {
        try read { db in
            try String.fetchOne(
                db,
                sql: "SELECT COALESCE(target_identity, identity) FROM records WHERE type = ? AND identity = ? LIMIT 1",
                arguments: [type.rawValue, identity])
        }
    }
}
