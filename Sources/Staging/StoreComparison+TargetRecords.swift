import GRDB
import ResourceCatalog

extension StoreComparison {
    /// The identities the staged records of `type` have in the target (their own, or the one
    /// computed for the target), for telling which target records the source lacks.
    package func identitiesInTarget(type: ResourceType) throws -> Set<String> {
        try read { db in
            try Set(
                String.fetchAll(
                    db,
                    sql: """
                        SELECT COALESCE(target_identity, identity) FROM records
                        WHERE type = ? AND COALESCE(target_identity, identity) IS NOT NULL
                        """, arguments: [type.rawValue]))
        }
    }

    /// The records of `type` read with their environment ids, with their bodies as read
    /// (what a record deleted from the target was: its before-image).
    package func environmentRecords(type: ResourceType) throws -> [(identity: String, id: String, body: String)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT identity, source_id, body FROM records
                    WHERE type = ? AND identity IS NOT NULL AND source_id IS NOT NULL ORDER BY id
                    """, arguments: [type.rawValue]
            ).map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// The target identities of the records of `type` a write will send (neither unchanged nor
    /// skipped, nor created already nested in their parent's import), after `markUnchanged`.
    package func identitiesToWrite(type: ResourceType) throws -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(r.target_identity, r.identity) FROM records r
                    WHERE r.type = ?1 AND r.state = 'staged' AND COALESCE(r.target_identity, r.identity) IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.record_id = r.id AND o.outcome = 'created')
                    ORDER BY r.id
                    """, arguments: [type.rawValue])
        }
    }

    /// Identity → environment id of the staged records of `type` that carry an id (records
    /// read from the target with ids kept), for the id map.
    package func environmentIDs(type: ResourceType) throws -> [(identity: String, id: String)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT identity, source_id FROM records
                    WHERE type = ? AND identity IS NOT NULL AND source_id IS NOT NULL ORDER BY id
                    """, arguments: [type.rawValue]
            ).map { ($0[0], $0[1]) }
        }
    }
}
