import GRDB
import GRDBSQLite
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
            // Left out: records skipped for a missing reference, and those the diff found unchanged
            // or left out by the write mode.
            // The states are read from `records_by_state` (a few rows), not from each record.
            let notSkipped = """
                NOT EXISTS (SELECT 1 FROM missing_refs s WHERE s.record_id = %@ AND s.action = 'skipped')
                AND %@ NOT IN (SELECT id FROM records INDEXED BY records_by_state
                               WHERE type = ?1 AND \(Self.setAside("records")))
                """
            let sql: String
            if let parent = spec.importParent, spec.relationship(parent) != nil {
                sql = """
                    SELECT x.record_id, m.target_id FROM refs x
                    LEFT JOIN id_map m ON m.type = x.parent_type AND m.identity = x.parent_identity
                    WHERE x.type = ?1 AND x.relation = '\(parent)'
                        AND \(notSkipped.replacingOccurrences(of: "%@", with: "x.record_id"))
                    ORDER BY m.target_id, x.record_id
                    """
            } else {
                sql = """
                    SELECT r.id, NULL FROM records r
                    WHERE \(Self.typeScope("r")) AND \(notSkipped.replacingOccurrences(of: "%@", with: "r.id"))
                    ORDER BY r.id
                    """
            }
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: [type.rawValue])
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO chunks (type, chunk_index, parent_target_id, size, record_ids) VALUES (?, ?, ?, ?, ?)
                    """)
            var chunkIndex = 0
            var members: [Int64] = []
            var parent: String?
            func flush() throws {
                guard !members.isEmpty else { return }
                let ids = "[" + members.map(String.init).joined(separator: ",") + "]"
                try insert.execute(arguments: [type.rawValue, chunkIndex, parent, members.count, ids])
                chunkIndex += 1
                members.removeAll(keepingCapacity: true)
            }
            while let row = try cursor.next() {
                let recordParent: String? = row[1]
                if members.count == size || (!members.isEmpty && recordParent != parent) { try flush() }
                parent = recordParent
                members.append(row[0])
            }
            try flush()
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

    /// The inputs of a planned chunk: each transformed body reduced to its clonable attributes
    /// and nested import children, plus the resolved references (see `ImportInputBuilder`).
    package func readChunk(_ chunk: ImportChunk) throws -> ImportPayload {
        let builder = ImportInputBuilder(
            spec: try spec(chunk.type), catalog: catalog, omitParent: chunk.parentResourceID != nil)
        return try read { db in
            var json: [UInt8] = [UInt8(ascii: "[")]
            json.reserveCapacity(chunk.size * 256)
            var recordIDs: [Int64] = []
            recordIDs.reserveCapacity(chunk.size)
            let statement = try db.makeStatement(sql: builder.sql)
            let raw = statement.sqliteStatement
            sqlite3_bind_int64(raw, 1, chunk.id)
            sqlite3_bind_text(raw, 2, chunk.type.rawValue, -1, Self.transient)
            defer { sqlite3_reset(raw) }
            while true {
                let code = sqlite3_step(raw)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw StagingError.database(
                        path: path, message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                if !recordIDs.isEmpty { json.append(UInt8(ascii: ",")) }
                recordIDs.append(sqlite3_column_int64(raw, 0))
                builder.append(raw, to: &json)
            }
            json.append(UInt8(ascii: "]"))
            return ImportPayload(chunk: chunk, inputsJSON: String(decoding: json, as: UTF8.self), recordIDs: recordIDs)
        }
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bound value.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

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
                    WHERE \(Self.typeScope("r")) AND r.state NOT IN ('skipped', 'unchanged') AND r.id > ?2 ORDER BY r.id LIMIT ?3
                    """, arguments: [type.rawValue, after, limit]
            ).map { RESTPayload(recordID: $0[0], identity: $0[1], documentJSON: $0[2]) }
        }
    }
}
