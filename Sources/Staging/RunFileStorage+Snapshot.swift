import Foundation
import GRDB
import ResourceCatalog

/// Snapshots: a staging store saved as one portable file, with what it was made from.
extension RunFileStorage {
    /// The version of the snapshot format this build writes and reads.
    package static let snapshotFormatVersion = 1

    /// Records what the store holds as a snapshot (plan text, source, counts…), replacing
    /// any earlier description.
    package func writeSnapshotInfo(_ info: JSONValue) throws {
        try write { db in
            try db.execute(
                sql:
                    "CREATE TABLE IF NOT EXISTS snapshot_info (id INTEGER PRIMARY KEY CHECK (id = 1), info TEXT NOT NULL)"
            )
            try db.execute(
                sql: "INSERT OR REPLACE INTO snapshot_info (id, info) VALUES (1, ?)", arguments: [info.canonicalJSON])
        }
    }

    /// What the store holds as a snapshot, or nil when it is not one.
    package func snapshotInfo() throws -> JSONValue? {
        try read { db in
            guard try db.tableExists("snapshot_info"),
                let text = try String.fetchOne(db, sql: "SELECT info FROM snapshot_info WHERE id = 1")
            else { return nil }
            return try JSONValue.parse(text)
        }
    }
}
