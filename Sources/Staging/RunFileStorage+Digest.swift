import GRDB
import ResourceCatalog

/// What a store holds of some records: how many, and a checksum of their bodies, so a run can
/// tell whether the store still holds what its journal says it staged.
package struct StoreDigest: Sendable, Hashable, CustomStringConvertible {
    /// Records.
    package var rows: Int
    /// The sum of a 32-bit FNV-1a hash of each record's body (order does not matter).
    package var checksum: Int64

    package init(rows: Int, checksum: Int64) {
        self.rows = rows
        self.checksum = checksum
    }

    package var description: String { "\(rows) records (checksum \(checksum))" }
}

extension RunFileStorage {
    /// Which staged records a digest covers.
    package enum DigestScope: Sendable, Hashable {
        /// Every record of the type.
        case all
        /// The records of the file recorded under this name.
        case file(String)
        /// The records of the files whose names start with this prefix (pages of one read).
        case files(prefix: String)
    }

    /// The digest of the staged records of `type` in `scope` (zero rows when there are none).
    package func digest(type: ResourceType, _ scope: DigestScope) throws -> StoreDigest {
        try read { db in
            let row: Row?
            switch scope {
            case .all:
                row = try Row.fetchOne(
                    db, sql: "SELECT count(*), coalesce(sum(lc_checksum(body)), 0) FROM records WHERE type = ?",
                    arguments: [type.rawValue])
            case .file(let name):
                row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT count(r.id), coalesce(sum(lc_checksum(r.body)), 0) FROM files f
                        JOIN records r ON r.id BETWEEN f.first_record_id AND f.last_record_id AND r.file_id = f.id
                        WHERE f.type = ? AND f.name = ?
                        """, arguments: [type.rawValue, name])
            case .files(let prefix):
                row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT count(r.id), coalesce(sum(lc_checksum(r.body)), 0) FROM files f
                        JOIN records r ON r.id BETWEEN f.first_record_id AND f.last_record_id AND r.file_id = f.id
                        WHERE f.type = ?1 AND substr(f.name, 1, length(?2)) = ?2
                        """, arguments: [type.rawValue, prefix])
            }
            let rows: Int = row?[0] ?? 0
            let checksum: Int64 = row?[1] ?? 0
            return StoreDigest(rows: rows, checksum: checksum)
        }
    }

    /// How many records of `type` the diff set aside as unchanged.
    package func unchangedCount(type: ResourceType) throws -> Int {
        try read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM records WHERE type = ? AND state = 'unchanged'",
                arguments: [type.rawValue]) ?? 0
        }
    }

    /// Whether `apply(_:to:)` has recorded transforms of `type` (it rewrites records loaded
    /// without them, which changes their digests).
    package func hasAppliedTransforms(type: ResourceType) throws -> Bool {
        try read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM transform_results WHERE type = ?)",
                arguments: [type.rawValue]) ?? false
        }
    }

    /// SQLite's structural check of the file (`PRAGMA quick_check`): nil when it is sound,
    /// else what is wrong.
    package func structuralProblem() -> String? {
        do {
            let lines = try writer.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            return lines == ["ok"] ? nil : lines.prefix(3).joined(separator: "; ")
        } catch {
            return "\(error)"
        }
    }
}
