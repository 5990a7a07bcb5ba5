import GRDB
import GRDBSQLite
import ResourceCatalog

extension ChunkReader {
    /// Plans the imports of `type` once: records not skipped nor unchanged, grouped by the import
    /// parent's target id (`ResourceSpec.importParent`), each group in source order, cut into as
    /// few chunks of at most `size` inputs as it takes, of even work (`ChunkCutter`); chunks
    /// are numbered in the source order of their first record.
    ///
    /// An input's work is its record plus the `nested` children it will carry (those of records
    /// the target does not hold yet): an import's time follows the records it writes, and the
    /// longest import sets the pace. A chunk within one parent's records sends that parent as
    /// `parent_resource_id`; the few that span two parents leave it out, and their inputs name
    /// their own (`price_list_id`).
    ///
    /// Numbering by first record makes consecutive chunks read neighbouring records (the
    /// chunks of different parents covering the same stretch of the export follow each
    /// other), so reading them finds the records' pages in SQLite's cache.
    /// Later calls return the chunks planned first (a resume keeps chunk numbers). Call after
    /// `remap(type:policy:)` once every parent's target ids are recorded.
    package func planChunks(type: ResourceType, size: Int, nested: [NestedChildren] = []) throws -> [ImportChunk] {
        precondition(size > 0, "chunk size must be positive")
        let spec = try spec(type)
        return try write { db in
            let existing = try Self.chunks(db, type: type)
            if !existing.isEmpty { return existing }
            // Left out: records skipped for a missing reference, and those the diff found unchanged
            // or left out by the write mode (a few rows, read from `records_by_state`).
            var leftOut = Set(
                try Int64.fetchAll(
                    db, sql: "SELECT record_id FROM missing_refs WHERE type = ? AND action = 'skipped'",
                    arguments: [type.rawValue]))
            leftOut.formUnion(
                try Int64.fetchAll(
                    db,
                    sql: """
                        SELECT id FROM records INDEXED BY records_by_state WHERE type = ? AND \(Self.setAside("records"))
                        """, arguments: [type.rawValue]))
            let sql: String
            if let parent = spec.importParent, spec.relationship(parent) != nil {
                sql = """
                    SELECT x.record_id, x.parent_type, x.parent_identity FROM refs x
                    WHERE \(Self.referenceScope("x")) AND x.relation = '\(parent)' ORDER BY x.record_id
                    """
            } else {
                sql = "SELECT r.id, NULL, NULL FROM records r WHERE \(Self.typeScope("r")) ORDER BY r.id"
            }
            // Per parent target id (nil: none), its records in source order.
            var grouper = try ChunkGrouper(db: db, path: path)
            let statement = try db.makeStatement(sql: sql)
            let raw = statement.sqliteStatement
            sqlite3_bind_text(raw, 1, type.rawValue, -1, Self.transient)
            defer { sqlite3_reset(raw) }
            while try step(raw, in: db) {
                let recordID = sqlite3_column_int64(raw, 0)
                if !leftOut.isEmpty && leftOut.contains(recordID) { continue }
                try grouper.add(recordID, parentType: Self.text(raw, 1), identity: Self.text(raw, 2))
            }
            let cutter = ChunkCutter(size: size, extraWork: try Self.nestedWork(db, type: type, nested: nested))
            var planned = cutter.cut(grouper.groups)
            planned.sort { $0.members.first! < $1.members.first! }
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO chunks (type, chunk_index, parent_target_id, size, record_ids) VALUES (?, ?, ?, ?, ?)
                    """)
            var ids: [UInt8] = []
            for (index, chunk) in planned.enumerated() {
                ids.removeAll(keepingCapacity: true)
                ids.append(UInt8(ascii: "["))
                for member in chunk.members {
                    if ids.count > 1 { ids.append(UInt8(ascii: ",")) }
                    JSONMemberScanner.appendDecimal(member, to: &ids)
                }
                ids.append(UInt8(ascii: "]"))
                try insert.execute(arguments: [
                    type.rawValue, index, chunk.parent, chunk.members.count, String(decoding: ids, as: UTF8.self),
                ])
            }
            return try Self.chunks(db, type: type)
        }
    }

    /// Per record of `type` that the target does not hold yet, the number of `nested` children
    /// its input will carry (records with none are left out).
    private static func nestedWork(
        _ db: Database, type: ResourceType, nested: [NestedChildren]
    ) throws -> [Int64: Int] {
        var work: [Int64: Int] = [:]
        for children in nested {
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT p.id, count(*) FROM refs x JOIN records t ON t.id = x.record_id
                    JOIN records p ON p.type = ?1 AND p.identity = x.parent_identity
                    WHERE \(referenceScope("x", parameter: "?2")) AND x.relation = ?3 AND t.state != 'skipped'
                        AND NOT EXISTS (SELECT 1 FROM id_map m WHERE m.type = ?1 AND m.identity = x.parent_identity)
                    GROUP BY p.id
                    """, arguments: [type.rawValue, children.type.rawValue, children.relation])
            while let row = try rows.next() { work[row[0], default: 0] += row[1] as Int }
        }
        return work
    }

    static func chunks(_ db: Database, type: ResourceType) throws -> [ImportChunk] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, chunk_index, parent_target_id, size, retry_of FROM chunks WHERE type = ? ORDER BY chunk_index
                """,
            arguments: [type.rawValue]
        ).map { row in
            ImportChunk(
                id: row[0], type: type, index: row[1], parentResourceID: row[2], size: row[3], retryOf: row[4])
        }
    }

    /// The inputs of a planned chunk: each transformed body reduced to its clonable attributes
    /// and nested import children, plus the resolved references (see `ImportInputBuilder`).
    /// Inputs that create their record carry their staged `nested` children; every input
    /// carries the `toMany` relationships its body names (see `ToManyInput`).
    package func readChunk(
        _ chunk: ImportChunk, nested: [NestedChildren] = [], toMany: [ToManyInput] = []
    ) throws -> ImportPayload {
        let spec = try spec(chunk.type)
        return try read { db in
            let ownIDs =
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM id_map WHERE type = ?)", arguments: [chunk.type.rawValue])
                ?? true
            let renamed =
                try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM records INDEXED BY records_renamed WHERE target_identity != identity)
                        """) ?? true
            let builder = ImportInputBuilder(
                spec: spec, catalog: catalog, omitParent: chunk.parentResourceID != nil, ownIDs: ownIDs,
                renamedParents: renamed, stagedChildren: Set(nested.map(\.key)), toMany: toMany)
            let children = try nested.map { try $0.members(for: chunk, catalog: catalog, in: db) }
            // This thread steps the query and copies the rows out; another builds the inputs.
            let assembler = ChunkInputAssembler(
                builder: builder, children: children, childTypes: nested.map(\.type), expected: chunk.size)
            let queue = ChunkRowQueue()
            assembler.start(taking: queue)
            var stepped: Result<Void, any Error> = .success(())
            do {
                let statement = try db.makeStatement(sql: builder.sql)
                let raw = statement.sqliteStatement
                sqlite3_bind_int64(raw, 1, chunk.id)
                sqlite3_bind_text(raw, 2, chunk.type.rawValue, -1, Self.transient)
                defer { sqlite3_reset(raw) }
                var rows = ChunkRows(columnEnd: builder.positionColumn)
                while try step(raw, in: db) {
                    rows.append(raw)
                    if rows.isFull {
                        queue.put(rows)
                        rows = ChunkRows(columnEnd: builder.positionColumn)
                    }
                }
                if rows.count > 0 { queue.put(rows) }
            } catch {
                stepped = .failure(error)
            }
            // The assembler ends (and is waited for) on failure too: nothing outlives the read.
            queue.finish()
            let built = assembler.wait()
            try stepped.get()
            var payload = ImportPayload(
                chunk: chunk, inputsJSON: String(decoding: built.json, as: UTF8.self), recordIDs: built.recordIDs)
            payload.nested = built.nested
            payload.nestedForm = nested.first?.form
            return payload
        }
    }

    /// The text of a column, nil for NULL; valid until the statement steps again.
    private static func text(_ statement: OpaquePointer?, _ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL else { return nil }
        let pointer = sqlite3_column_text(statement, column)
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement, column)))
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

    /// Steps a raw statement: true on a row, false when done.
    /// - Throws: `StagingError.database` with SQLite's message on any other result.
    private func step(_ statement: OpaquePointer?, in db: Database) throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StagingError.database(path: path, message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}
