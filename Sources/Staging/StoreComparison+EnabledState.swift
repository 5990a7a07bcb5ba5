import GRDB
import ResourceCatalog

/// The enabled/disabled state of records (`ResourceSpec.hasEnabledState`): `disabled_at` is
/// set when a record is disabled. Its timestamp differs between environments by nature, so only
/// the state (disabled or not) is compared and cloned.
extension StoreComparison {
    /// The environment ids of the staged records of `type` that are disabled (records read
    /// with their ids: a scan of the target). Empty for a type without the state.
    package func disabledEnvironmentIDs(type: ResourceType) throws -> Set<String> {
        guard try spec(type).hasEnabledState else { return [] }
        return try read { db in
            try Set(
                String.fetchAll(
                    db,
                    sql: """
                        SELECT source_id FROM records r
                        WHERE r.type = ? AND r.source_id IS NOT NULL AND \(PayloadSQL.isDisabled("r.body"))
                        """, arguments: [type.rawValue]))
        }
    }

    /// The state as a comparable field: `disabled_at: true` when `body` is disabled, nothing
    /// when it is enabled (never the timestamp).
    static func stateField(_ body: [String: JSONValue], spec: ResourceSpec) -> [String: JSONValue] {
        guard spec.hasEnabledState, let value = body[ResourceSpec.disabledAt], !ContentFingerprint.isBlank(value)
        else { return [:] }
        return [ResourceSpec.disabledAt: .bool(true)]
    }
}
