import ResourceCatalog

extension IdentityResolver {
    /// For `StagingBenchmark` and staging tests (standing in for the clone reading its parents
    /// back from the target): records an invented target id for every parent identity
    /// referenced by staged records of `type`.
    package func inventParentTargetIDs(type: ResourceType) throws {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO id_map (type, identity, target_id)
                    SELECT parent_type, parent_identity, 'tgt' || printf('%07d', row_number() OVER ())
                    FROM (SELECT DISTINCT parent_type, parent_identity FROM refs
                          WHERE \(Self.referenceScope("refs")) AND parent_identity IS NOT NULL AND code_value IS NULL)
                    """, arguments: [type.rawValue])
        }
    }
}
