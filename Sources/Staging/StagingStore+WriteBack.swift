import GRDB
import ResourceCatalog

extension StagingStore {
    /// Splits a completed import's `imported` outcomes into `updated` (the target held a
    /// record of that identity before: it is in the id map) and `created`.
    ///
    /// Call after `recordChunkImported(_:)` and before the type's new target ids are recorded.
    package func classifyImported(_ chunk: ImportChunk) throws {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE outcomes SET outcome = CASE WHEN EXISTS (
                            SELECT 1 FROM records r JOIN id_map m ON m.type = r.type AND m.identity = r.identity
                            WHERE r.id = outcomes.record_id) THEN 'updated' ELSE 'created' END
                    WHERE outcome = 'imported'
                        AND record_id IN (SELECT value FROM json_each((SELECT record_ids FROM chunks WHERE id = ?)))
                    """, arguments: [chunk.id])
        }
    }

    /// The staged records of `type` that already have one of these outcomes.
    package func recordIDs(type: ResourceType, withOutcome outcomes: Set<RecordOutcome>) throws -> Set<Int64> {
        guard !outcomes.isEmpty else { return [] }
        let list = outcomes.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
        return try read { db in
            try Set(
                Int64.fetchAll(
                    db, sql: "SELECT record_id FROM outcomes WHERE type = ? AND outcome IN (\(list))",
                    arguments: [type.rawValue]))
        }
    }

    /// For each staged record of `type` pointing somewhere through `relation`: the record's
    /// identity and the parent's type and identity, each also as a target identity (see
    /// `computeTargetIdentities(type:)`). Records without an identity are left out.
    package func references(type: ResourceType, relation: String) throws -> [StagedReference] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.identity, COALESCE(r.target_identity, r.identity), x.parent_type, x.parent_identity,
                        COALESCE((SELECT p.target_identity FROM records p
                                  WHERE p.type = x.parent_type AND p.identity = x.parent_identity LIMIT 1),
                                 x.parent_identity)
                    FROM refs x JOIN records r ON r.id = x.record_id
                    WHERE x.type = ? AND x.relation = ? AND r.identity IS NOT NULL AND x.parent_identity IS NOT NULL
                    ORDER BY r.id
                    """, arguments: [type.rawValue, relation]
            ).map {
                StagedReference(
                    identity: $0[0], targetIdentity: $0[1], parentType: ResourceType($0[2] as String),
                    parentIdentity: $0[3], parentTargetIdentity: $0[4])
            }
        }
    }
}

extension StagingStore {
    /// Forgets the planned chunks of `type` so they can be planned again with another size.
    /// Only for chunks none of which was sent.
    package func discardChunks(type: ResourceType) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM chunks WHERE type = ?", arguments: [type.rawValue])
        }
    }
}

/// A staged record's reference to a parent, in source and target identities.
package struct StagedReference: Sendable, Hashable {
    package let identity: String
    package let targetIdentity: String
    package let parentType: ResourceType
    package let parentIdentity: String
    package let parentTargetIdentity: String
}
