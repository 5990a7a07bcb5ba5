import GRDB
import ResourceCatalog

/// What a saved diff (`layerclone diff --out`) says it will write, kept beside the staged
/// source records it writes them from.
package struct DiffEntry: Sendable, Hashable {
    /// What `apply` does with the record.
    package enum Action: String, Sendable, Hashable {
        case create
        case update
        /// Only in the target: deleted by `apply --prune`.
        case delete
    }

    package let type: ResourceType
    package let identity: String
    package let action: Action
    /// The target record's fingerprint when the diff was taken (`ComparableRecord.formHash`);
    /// nil for a create (the target held no such record).
    package let targetFingerprint: Int64?

    package init(type: ResourceType, identity: String, action: Action, targetFingerprint: Int64?) {
        self.type = type
        self.identity = identity
        self.action = action
        self.targetFingerprint = targetFingerprint
    }
}

extension RunFileStorage {
    /// Replaces the diff entries the store holds.
    package func writeDiffEntries(_ entries: [DiffEntry]) throws {
        try write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS diff_entries (
                        type TEXT NOT NULL, identity TEXT NOT NULL, action TEXT NOT NULL,
                        target_fingerprint INTEGER, PRIMARY KEY (type, identity))
                    """)
            try db.execute(sql: "DELETE FROM diff_entries")
            let insert = try db.cachedStatement(
                sql: "INSERT INTO diff_entries (type, identity, action, target_fingerprint) VALUES (?, ?, ?, ?)")
            for entry in entries {
                try insert.execute(
                    arguments: [entry.type.rawValue, entry.identity, entry.action.rawValue, entry.targetFingerprint])
            }
        }
    }

    /// The diff entries the store holds; nil when it holds no diff (a plain snapshot).
    package func diffEntries() throws -> [DiffEntry]? {
        try read { db in
            guard try db.tableExists("diff_entries") else { return nil }
            return try Row.fetchAll(
                db, sql: "SELECT type, identity, action, target_fingerprint FROM diff_entries ORDER BY type, identity"
            ).compactMap { row in
                guard let action = DiffEntry.Action(rawValue: row[2]) else { return nil }
                return DiffEntry(
                    type: ResourceType(rawValue: row[0]), identity: row[1], action: action, targetFingerprint: row[3])
            }
        }
    }
}
