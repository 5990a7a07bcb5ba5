import GRDB
import ResourceCatalog

extension StagingStore {
    /// Puts back the `false` values a `dry_data` export leaves out where the target would not
    /// restore them by itself: on every record of `type` read in `scope` that has no value for
    /// a clonable boolean whose documented default is `true` (`AttributeSpec.booleanDefault`),
    /// sets it to `false`.
    ///
    /// Commerce Layer documents that `dry_data` skips blanks, and in Rails `false` is blank; a
    /// record created without such a boolean would hold `true` in the target. A boolean with a
    /// default is never null, so a record read without it held `false`. Records that hold a
    /// value (null included) keep it, so running it again changes nothing. Call it on records
    /// read from `dry_data` exports only: in a seeder folder, a missing value means the default.
    /// - Returns: the values set.
    @discardableResult
    package func restoreDroppedFalse(type: ResourceType, _ scope: DigestScope) throws -> Int {
        let fields = try spec(type).clonableAttributes.filter { $0.booleanDefault == true }.map(\.name)
        guard !fields.isEmpty else { return 0 }
        let selection: String
        let argument: String?
        switch scope {
        case .all:
            (selection, argument) = ("", nil)
        case .file(let name):
            (selection, argument) = ("AND f.name = ?2", name)
        case .files(let prefix):
            (selection, argument) = ("AND substr(f.name, 1, length(?2)) = ?2", prefix)
        }
        return try write { db in
            var changed = 0
            for field in fields {
                let path = Self.jsonPath(field)
                try db.execute(
                    sql: """
                        UPDATE records SET body = json_insert(body, '\(path)', json('false'))
                        WHERE type = ?1 AND json_type(body, '\(path)') IS NULL AND file_id IN (
                            SELECT f.id FROM files f WHERE f.type = ?1 \(selection))
                        """, arguments: StatementArguments([type.rawValue, argument].compactMap { $0 }))
                changed += db.changesCount
            }
            return changed
        }
    }
}
