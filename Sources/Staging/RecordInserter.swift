import Foundation
import GRDB
import GRDBSQLite
import ResourceCatalog

/// Inserts the records of one file inside the file's write transaction.
///
/// Records whose source id, identity and references the reading thread computed
/// (`RecordExtractor`) are inserted with those values bound, references and source ids in the
/// same pass, `rowsPerInsert` records (and their references) per statement execution: SQLite
/// then keeps its cursors on the tables' last pages between rows instead of descending from
/// the root for each. The others get identity and source id computed in SQL as each row is
/// inserted, and their references extracted set-based at the end. Record ids are assigned
/// here, in file order, after the store's largest. Prepared statements are reused for every
/// record and the record bytes are bound without copying (they only need to live during
/// `insert`).
final class RecordInserter {
    /// Records per execution of the multi-row insert (references: twice as many rows).
    static let rowsPerInsert = 64
    /// Parameters per record row of `insertRecords` (after the shared ?1 type, ?2 file id).
    static let recordParameters: Int32 = 6
    /// Parameters per reference row of `insertReferences` (after the shared ?1 type).
    static let referenceParameters: Int32 = 5

    private let db: Database
    /// The prepared statements, reused for every record.
    private let statements: Statements
    /// Records of the current batch not yet inserted (fewer than `rowsPerInsert`).
    private var pendingRecords: [PendingRecord] = []
    /// References of the current batch not yet inserted (fewer than `2 * rowsPerInsert`).
    private var pendingReferences: [PendingReference] = []
    /// The id the next record gets.
    private var nextID: Int64
    /// Records inserted by the SQL path (references still to extract), in order.
    private var computedInSQL: [Int64] = []
    /// Records whose body the load's transforms are still to be applied to, in SQL, in order.
    private(set) var toTransform: [Int64] = []
    /// Per load transform, the records whose body it changed on the reading thread.
    private(set) var transformChanges: [Int] = []
    private let idMember = JSONObjectFilter(keep: ["id"])
    private let spec: ResourceSpec
    private let fileName: String
    private let identitySQL: IdentitySQL
    /// Per parent relationship (in `parentRelationships` order): its name and target type as C
    /// strings bound without copying; freed in `deinit`.
    private let relationNames: [(relation: UnsafeMutablePointer<CChar>, parentType: UnsafeMutablePointer<CChar>)]
    let fileID: Int64
    /// What was inserted so far.
    private var inserted = Inserted()
    /// Records inserted so far.
    var count: Int { inserted.count }
    /// The first record's id, once one was inserted.
    var firstRecordID: Int64? { inserted.first }
    /// The last record's id, once one was inserted.
    var lastRecordID: Int64? { inserted.last }

    init(db: Database, spec: ResourceSpec, fileID: Int64, fileName: String, catalog: ResourceCatalog) throws {
        self.db = db
        self.spec = spec
        self.fileID = fileID
        self.fileName = fileName
        self.identitySQL = IdentitySQL(catalog: catalog)
        nextID = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM records") ?? 0) + 1
        pendingRecords.reserveCapacity(Self.rowsPerInsert)
        pendingReferences.reserveCapacity(2 * Self.rowsPerInsert)
        relationNames = spec.parentRelationships.map { (strdup($0.name)!, strdup($0.target.rawValue)!) }
        let sql = RecordInserterSQL(rows: Self.rowsPerInsert)
        statements = try Statements(
            db: db, sql: sql, recordIdentity: identitySQL.identity(of: spec, json: "?5"), type: spec.type,
            fileID: fileID)
    }

    deinit {
        for names in relationNames {
            free(names.relation)
            free(names.parentType)
        }
    }

    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Inserts the records of a batch, in order.
    func insert(_ batch: ElementBatch) throws {
        if transformChanges.count < batch.transformChanges.count {
            transformChanges += Array(repeating: 0, count: batch.transformChanges.count - transformChanges.count)
        }
        for (index, changes) in batch.transformChanges.enumerated() { transformChanges[index] += changes }
        try batch.bytes.withUnsafeBufferPointer { bytes in
            // Whatever is still pending when this returns would point into freed bytes.
            defer { abandonPending() }
            for record in batch.records {
                if record.extracted {
                    try insertExtracted(record, of: batch, bytes: bytes)
                } else {
                    let body = UnsafeRawBufferPointer(
                        UnsafeBufferPointer(rebasing: bytes[record.body.start..<record.body.start + record.body.count]))
                    try insert(body, offset: record.offset)
                }
                if record.needsTransform, let last = inserted.last { toTransform.append(last) }
            }
            try flushPending(bytes)
        }
    }

    /// Inserts one record from its JSON bytes, computing its values in SQL; `offset` is its
    /// position in the file, in bytes.
    func insert(_ bytes: UnsafeRawBufferPointer, offset: Int) throws {
        let raw = statements.record.sqliteStatement
        let rowID = nextID
        sqlite3_bind_int64(raw, 3, Int64(count))
        sqlite3_bind_int64(raw, 4, Int64(offset))
        sqlite3_bind_text(raw, 5, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
        sqlite3_bind_int64(raw, 6, rowID)
        let code = sqlite3_step(raw)
        sqlite3_reset(raw)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_bind_null(raw, 5)
            if message.contains("JSON") {
                throw StagingError.malformedExport(
                    file: fileName, offset: offset, reason: "the element starting here is not valid JSON (\(message))")
            }
            throw StagingError.database(path: fileName, message: message)
        }
        computedInSQL.append(rowID)
        // Records that carry a source `id` (REST pages) keep source id → identity.
        if idMember.contains(in: bytes) {
            let source = statements.insertSourceID.sqliteStatement
            sqlite3_bind_int64(source, 1, rowID)
            let code = sqlite3_step(source)
            sqlite3_reset(source)
            guard code == SQLITE_DONE else {
                throw StagingError.database(
                    path: fileName, message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
        assigned(rowID)
    }

    /// Counts the record given id `rowID`.
    private func assigned(_ rowID: Int64) {
        if inserted.first == nil { inserted.first = rowID }
        inserted.last = rowID
        nextID = rowID + 1
        inserted.count += 1
    }

    /// The fast path: every value bound from the batch's bytes (not copied), nothing parsed by
    /// SQLite; the record and its references join the pending rows of the multi-row inserts.
    private func insertExtracted(
        _ record: ElementBatch.Record, of batch: ElementBatch, bytes: UnsafeBufferPointer<UInt8>
    ) throws {
        let rowID = nextID
        pendingRecords.append(
            PendingRecord(
                id: rowID, position: Int64(count), offset: Int64(record.offset), sourceID: record.sourceID,
                identity: record.identity, body: record.body))
        if pendingRecords.count == Self.rowsPerInsert { try insertPendingRecords(bytes) }
        for index in record.references {
            let entry = batch.references[index]
            pendingReferences.append(
                PendingReference(
                    relation: entry.relation, recordID: rowID, parentIdentity: entry.parentIdentity,
                    codeValue: entry.codeValue))
            if pendingReferences.count == 2 * Self.rowsPerInsert { try insertPendingReferences(bytes) }
        }
        if record.hasIDMember, !record.sourceID.isNull {
            let pair = statements.insertSourcePair.sqliteStatement
            Self.bind(pair, 2, record.sourceID, bytes)
            Self.bind(pair, 3, record.identity, bytes)
            try step(pair)
        }
        assigned(rowID)
    }

    /// Inserts the pending records: all at once when there are `rowsPerInsert`, else one by one.
    private func insertPendingRecords(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        let full = pendingRecords.count == Self.rowsPerInsert
        let raw = full ? statements.insertRecords.sqliteStatement : statements.insertPlain.sqliteStatement
        for (row, record) in pendingRecords.enumerated() {
            // insertPlain: ?8 id, ?3 position, ?4 offset, ?6 source id, ?7 identity, ?5 body.
            let base = full ? 2 + Int32(row) * Self.recordParameters : 0
            sqlite3_bind_int64(raw, full ? base + 1 : 8, record.id)
            sqlite3_bind_int64(raw, full ? base + 2 : 3, record.position)
            sqlite3_bind_int64(raw, full ? base + 3 : 4, record.offset)
            Self.bind(raw, full ? base + 4 : 6, record.sourceID, bytes)
            Self.bind(raw, full ? base + 5 : 7, record.identity, bytes)
            Self.bind(raw, full ? base + 6 : 5, record.body, bytes)
            if !full { try step(raw) }
        }
        if full { try step(raw) }
        pendingRecords.removeAll(keepingCapacity: true)
    }

    /// Inserts the pending references: all at once when there are `2 * rowsPerInsert`, else
    /// one by one.
    private func insertPendingReferences(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        let full = pendingReferences.count == 2 * Self.rowsPerInsert
        let raw = full ? statements.insertReferences.sqliteStatement : statements.insertReference.sqliteStatement
        for (row, reference) in pendingReferences.enumerated() {
            // insertReference: ?2 relation, ?3 record id, ?4 parent type, ?5 parent identity, ?6 code.
            let base = full ? 1 + Int32(row) * Self.referenceParameters : 1
            let names = relationNames[reference.relation]
            sqlite3_bind_text(raw, base + 1, names.relation, -1, nil)
            sqlite3_bind_int64(raw, base + 2, reference.recordID)
            sqlite3_bind_text(raw, base + 3, names.parentType, -1, nil)
            Self.bind(raw, base + 4, reference.parentIdentity, bytes)
            Self.bind(raw, base + 5, reference.codeValue, bytes)
            if !full { try step(raw) }
        }
        if full { try step(raw) }
        pendingReferences.removeAll(keepingCapacity: true)
    }

    /// Inserts what is pending (at the end of a batch: its bytes are about to go).
    private func flushPending(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        try insertPendingRecords(bytes)
        try insertPendingReferences(bytes)
    }

    /// Forgets pending rows (after an error: the transaction is rolled back anyway).
    private func abandonPending() {
        pendingRecords.removeAll(keepingCapacity: true)
        pendingReferences.removeAll(keepingCapacity: true)
    }

    private func step(_ statement: OpaquePointer?) throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw StagingError.database(path: fileName, message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    /// Ends the file: references of the records inserted by the SQL path, extracted set-based
    /// in one statement.
    func finish() throws {
        // Nothing bound without copying may outlive the batches and names it points into.
        for bound in statements.all {
            sqlite3_clear_bindings(bound.sqliteStatement)
        }
        guard let first = computedInSQL.first, let last = computedInSQL.last else { return }
        // All records of the file, or just those (the ids are ascending).
        let everyRecord = computedInSQL.count == Int(last - first + 1)
        let scope = everyRecord ? "r.id BETWEEN ? AND ?" : "r.id IN (SELECT value FROM json_each(?))"
        let range: StatementArguments =
            everyRecord ? [first, last] : ["[" + computedInSQL.map(String.init).joined(separator: ",") + "]"]
        // One statement for every relation, so each body is parsed once (SQLite caches the
        // parse of the same text within a statement).
        var names: [String] = []
        var parentTypes: [String] = []
        var identities: [String] = []
        var codes: [String] = []
        var present: [String] = []
        for relation in spec.parentRelationships {
            let name = "'\(relation.name)'"
            names.append(name)
            parentTypes.append("WHEN \(name) THEN '\(relation.target.rawValue)'")
            identities.append("WHEN \(name) THEN \(identitySQL.parentIdentity(relation: relation, json: "r.body"))")
            var code = "NULL"
            if let reference = spec.codeReference(for: relation.name) {
                code =
                    "COALESCE(CAST(json_extract(r.body, '$.\(relation.name).\(reference.targetAttribute)') AS TEXT), "
                    + "CAST(json_extract(r.body, '$.\(reference.attribute)') AS TEXT))"
                codes.append("WHEN \(name) THEN \(code)")
            }
            let given =
                relation.isRequired
                ? "1"
                : "(json_type(r.body, '$.\(relation.name)') = 'object' OR json_type(r.body, '$.\(relation.idKey)') IS NOT NULL"
                    + (code == "NULL" ? ")" : " OR \(code) IS NOT NULL)")
            present.append("WHEN \(name) THEN \(given)")
        }
        guard !names.isEmpty else { return }
        let relations = names.map { "SELECT \($0) AS name" }.joined(separator: " UNION ALL ")
        let codeCase = codes.isEmpty ? "NULL" : "CASE rel.name \(codes.joined(separator: " ")) END"
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO refs (type, relation, record_id, parent_type, parent_identity, code_value)
                SELECT r.type, rel.name, r.id, CASE rel.name \(parentTypes.joined(separator: " ")) END,
                    CASE rel.name \(identities.joined(separator: " ")) END, \(codeCase)
                FROM records r CROSS JOIN (\(relations)) rel
                WHERE \(scope) AND CASE rel.name \(present.joined(separator: " ")) END
                """, arguments: range)
    }
}
