import GRDB
import ResourceCatalog

extension Remapper {
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
                    WHERE \(Self.referenceScope("x")) AND x.relation = ?2 AND r.identity IS NOT NULL AND x.parent_identity IS NOT NULL
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

/// A staged record's reference to a parent, in source and target identities.
package struct StagedReference: Sendable, Hashable {
    package let identity: String
    package let targetIdentity: String
    package let parentType: ResourceType
    package let parentIdentity: String
    package let parentTargetIdentity: String
}

extension Remapper {
    /// For each staged record of `type` with an identity: its target identity and the identities
    /// of the records it lists under the to-many `relation` (nested objects in its body, each
    /// identified by `parentType`'s rule), as target identities. Records without the member are
    /// left out; an empty array is kept.
    package func toManyReferences(type: ResourceType, relation: String, parentType: ResourceType) throws
        -> [(identity: String, targetIdentity: String, parents: [(identity: String, targetIdentity: String)])]
    {
        let parentSpec = try spec(parentType)
        let parentIdentity = IdentitySQL(catalog: catalog).identity(of: parentSpec, json: "j.value")
        let rows = try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, r.identity, COALESCE(r.target_identity, r.identity), \(parentIdentity)
                    FROM records r JOIN json_each(r.body, '$.\(relation)') j
                    WHERE r.type = ? AND r.identity IS NOT NULL AND json_type(r.body, '$.\(relation)') = 'array'
                    ORDER BY r.id
                    """, arguments: [type.rawValue])
        }
        let translated = try targetIdentities(type: parentType)
        var result:
            [(identity: String, targetIdentity: String, parents: [(identity: String, targetIdentity: String)])] =
                []
        var lastRecord: Int64 = -1
        for row in rows {
            let recordID: Int64 = row[0]
            if recordID != lastRecord {
                result.append((row[1], row[2], []))
                lastRecord = recordID
            }
            if let parent = row[3] as String? {
                result[result.count - 1].parents.append((parent, translated[parent] ?? parent))
            }
        }
        return result
    }

    /// Identity → target identity of the staged records of `type` whose two differ.
    private func targetIdentities(type: ResourceType) throws -> [String: String] {
        try read { db in
            Dictionary(
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT identity, target_identity FROM records
                        WHERE type = ? AND target_identity IS NOT NULL AND target_identity != identity
                        """, arguments: [type.rawValue]
                ).map { ($0[0] as String, $0[1] as String) }, uniquingKeysWith: { first, _ in first })
        }
    }
}
