import GRDB
import ResourceCatalog

extension StagingStore {
    /// Plans the imports of `type` once: records not skipped nor unchanged, in source order, grouped by the
    /// import parent's target id (`ResourceSpec.importParent`), cut at `size` inputs.
    ///
    /// Later calls return the chunks planned first (a resume keeps chunk numbers). Call after
    /// `remap(type:policy:)` once every parent's target ids are recorded.
    package func planChunks(type: ResourceType, size: Int) throws -> [ImportChunk] {
        precondition(size > 0, "chunk size must be positive")
        let spec = try spec(type)
        return try write { db in
            let existing = try Self.chunks(db, type: type)
            if !existing.isEmpty { return existing }
            let parentJoin: String
            let parentColumn: String
            if let parent = spec.importParent {
                parentJoin = """
                    LEFT JOIN refs p ON p.record_id = r.id AND p.relation = '\(parent)'
                    LEFT JOIN id_map m ON m.type = p.parent_type AND m.identity = p.parent_identity
                    """
                parentColumn = "m.target_id"
            } else {
                parentJoin = ""
                parentColumn = "NULL"
            }
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT r.id, \(parentColumn) FROM records r \(parentJoin)
                    WHERE r.type = ? AND r.state NOT IN ('skipped', 'unchanged') ORDER BY \(parentColumn), r.id
                    """, arguments: [type.rawValue])
            let insertChunk = try db.cachedStatement(
                sql: "INSERT INTO chunks (type, chunk_index, parent_target_id, size) VALUES (?, ?, ?, 0)")
            let insertMember = try db.cachedStatement(
                sql: "INSERT INTO chunk_records (chunk_id, position, record_id) VALUES (?, ?, ?)")
            var chunkID: Int64 = 0
            var chunkIndex = -1
            var members = 0
            var parent: String?
            var chunkSizes: [(Int64, Int)] = []
            while let row = try cursor.next() {
                let recordID: Int64 = row[0]
                let recordParent: String? = row[1]
                if chunkIndex < 0 || members == size || recordParent != parent {
                    if chunkIndex >= 0 { chunkSizes.append((chunkID, members)) }
                    chunkIndex += 1
                    parent = recordParent
                    members = 0
                    try insertChunk.execute(arguments: [type.rawValue, chunkIndex, parent])
                    chunkID = db.lastInsertedRowID
                }
                try insertMember.execute(arguments: [chunkID, members, recordID])
                members += 1
            }
            if chunkIndex >= 0 { chunkSizes.append((chunkID, members)) }
            let setSize = try db.cachedStatement(sql: "UPDATE chunks SET size = ? WHERE id = ?")
            for (id, count) in chunkSizes { try setSize.execute(arguments: [count, id]) }
            return try Self.chunks(db, type: type)
        }
    }

    private static func chunks(_ db: Database, type: ResourceType) throws -> [ImportChunk] {
        try Row.fetchAll(
            db, sql: "SELECT id, chunk_index, parent_target_id, size FROM chunks WHERE type = ? ORDER BY chunk_index",
            arguments: [type.rawValue]
        ).map { row in
            ImportChunk(id: row[0], type: type, index: row[1], parentResourceID: row[2], size: row[3])
        }
    }

    /// The inputs of a planned chunk, built in SQL from the transformed bodies and the id map.
    package func readChunk(_ chunk: ImportChunk) throws -> ImportPayload {
        let spec = try spec(chunk.type)
        let input = PayloadSQL(spec: spec, catalog: catalog).importInput(omitParent: chunk.parentResourceID != nil)
        return try read { db in
            var json = "["
            var recordIDs: [Int64] = []
            recordIDs.reserveCapacity(chunk.size)
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT r.id, \(input) FROM chunk_records c JOIN records r ON r.id = c.record_id
                    WHERE c.chunk_id = ? ORDER BY c.position
                    """, arguments: [chunk.id])
            while let row = try cursor.next() {
                if !recordIDs.isEmpty { json += "," }
                recordIDs.append(row[0])
                json += row[1] as String
            }
            json += "]"
            return ImportPayload(chunk: chunk, inputsJSON: json, recordIDs: recordIDs)
        }
    }

    /// REST documents for records of `type` (not skipped), in source order, `limit` at a time
    /// after record id `after` (pass the last `recordID` of the previous page).
    package func restPayloads(type: ResourceType, after: Int64 = 0, limit: Int = 100) throws -> [RESTPayload] {
        let spec = try spec(type)
        let document = PayloadSQL(spec: spec, catalog: catalog).restDocument()
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, r.identity, \(document) FROM records r
                    WHERE r.type = ? AND r.state NOT IN ('skipped', 'unchanged') AND r.id > ? ORDER BY r.id LIMIT ?
                    """, arguments: [type.rawValue, after, limit]
            ).map { RESTPayload(recordID: $0[0], identity: $0[1], documentJSON: $0[2]) }
        }
    }
}
