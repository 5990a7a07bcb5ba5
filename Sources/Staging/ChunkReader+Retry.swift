import GRDB
import ResourceCatalog

extension ChunkReader {
    /// The planned import chunks of `type`, retry chunks included, in chunk order.
    package func importChunks(type: ResourceType) throws -> [ImportChunk] {
        try read { db in try Self.chunks(db, type: type) }
    }

    /// A chunk of `records` (members of `chunk` its import refused) to send again, numbered
    /// after the type's last chunk; the one made before when `chunk` already has one (a resumed
    /// run harvesting the same import again).
    package func addRetryChunk(of chunk: ImportChunk, records: [Int64]) throws -> ImportChunk {
        precondition(!records.isEmpty, "a retry chunk needs records")
        return try write { db in
            if let existing = try Self.chunks(db, type: chunk.type).first(where: { $0.retryOf == chunk.id }) {
                return existing
            }
            let members = Set(
                try Int64.fetchAll(
                    db, sql: "SELECT j.value FROM chunks c CROSS JOIN json_each(c.record_ids) j WHERE c.id = ?",
                    arguments: [chunk.id]))
            let kept = records.filter { members.contains($0) }
            precondition(kept.count == records.count, "a retry chunk's records come from its chunk")
            let next =
                try Int.fetchOne(
                    db, sql: "SELECT MAX(chunk_index) + 1 FROM chunks WHERE type = ?", arguments: [chunk.type.rawValue])
                ?? 0
            try db.execute(
                sql: """
                    INSERT INTO chunks (type, chunk_index, parent_target_id, size, record_ids, retry_of)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    chunk.type.rawValue, next, chunk.parentResourceID, kept.count,
                    "[" + kept.map(String.init).joined(separator: ",") + "]", chunk.id,
                ])
            return try Self.chunks(db, type: chunk.type).first { $0.retryOf == chunk.id }!
        }
    }

    /// The chunk's records that the `errors_log` keys name, every one a key names (a key two
    /// inputs share names both), in chunk order.
    package func chunkRecords(_ chunk: ImportChunk, keyedBy keys: Set<String>) throws -> [Int64] {
        let sql = try keyedRecordsSQL(chunk.type)
        return try read { db in
            let statement = try db.cachedStatement(sql: sql)
            var found: [Int64] = []
            for key in keys.sorted() where key != "unknown" {
                for id in try Int64.fetchAll(statement, arguments: [chunk.id, key, chunk.type.rawValue])
                where !found.contains(id) {
                    found.append(id)
                }
            }
            return found
        }
    }

    /// Forgets the planned chunks of `type` so they can be planned again with another size.
    /// Only for chunks none of which was sent.
    package func discardChunks(type: ResourceType) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM chunks WHERE type = ?", arguments: [type.rawValue])
        }
    }
}
