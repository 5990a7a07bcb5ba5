import GRDB
import ResourceCatalog

extension WrittenLedger {
    /// What layerclone last left of one record, and which run left it.
    package struct Entry: Sendable, Equatable {
        package let formHash: Int64
        package let run: String
    }

    /// Identity → what layerclone last left of the records of `type`, with the run.
    package func entries(type: ResourceType) throws -> [String: Entry] {
        do {
            return try database.read { db in
                var result: [String: Entry] = [:]
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT identity, form_hash, run FROM written WHERE type = ?",
                    arguments: [type.rawValue])
                while let row = try rows.next() { result[row[0]] = Entry(formHash: row[1], run: row[2]) }
                return result
            }
        } catch {
            throw WrittenLedgerError(path: path, reason: "\(error)")
        }
    }

    /// Forgets what layerclone left of these records (undone: layerclone no longer stands
    /// behind their content, so the next clone treats them as records it never wrote).
    package func forget(type: ResourceType, identities: [String]) throws {
        guard !identities.isEmpty else { return }
        do {
            try database.write { db in
                let statement = try db.cachedStatement(sql: "DELETE FROM written WHERE type = ? AND identity = ?")
                for identity in identities { try statement.execute(arguments: [type.rawValue, identity]) }
            }
        } catch {
            throw WrittenLedgerError(path: path, reason: "\(error)")
        }
    }
}
