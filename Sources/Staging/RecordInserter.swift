import GRDB
import GRDBSQLite
import ResourceCatalog

/// Inserts the records of one file inside the file's write transaction, computing identity and
/// source id in SQL as each row is inserted, then extracting references set-based.
///
/// One prepared statement is reused for every record and the record bytes are bound without
/// copying (they only need to live during `insert`).
final class RecordInserter {
    private let db: Database
    private let statement: Statement
    private let insertSourceID: Statement
    private let idMember = JSONObjectFilter(keep: ["id"])
    private let spec: ResourceSpec
    private let fileName: String
    private let identitySQL: IdentitySQL
    let fileID: Int64
    private(set) var count = 0
    private(set) var firstRecordID: Int64?
    private(set) var lastRecordID: Int64?

    init(db: Database, spec: ResourceSpec, fileID: Int64, fileName: String, catalog: ResourceCatalog) throws {
        self.db = db
        self.spec = spec
        self.fileID = fileID
        self.fileName = fileName
        self.identitySQL = IdentitySQL(catalog: catalog)
        let identity = identitySQL.identity(of: spec, json: "?5")
        statement = try db.makeStatement(
            sql: """
                INSERT INTO records (type, file_id, position, source_offset, source_id, identity, body)
                VALUES (?1, ?2, ?3, ?4, CAST(json_extract(?5, '$.id') AS TEXT), \(identity), ?5)
                """)
        insertSourceID = try db.makeStatement(
            sql: """
                INSERT OR REPLACE INTO source_ids (type, source_id, identity)
                SELECT type, source_id, identity FROM records
                WHERE id = ?1 AND source_id IS NOT NULL AND identity IS NOT NULL
                """)
        let raw = statement.sqliteStatement
        sqlite3_bind_text(raw, 1, spec.type.rawValue, -1, Self.transient)
        sqlite3_bind_int64(raw, 2, fileID)
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Inserts one record from its JSON bytes; `offset` is its position in the file, in bytes.
    func insert(_ bytes: UnsafeRawBufferPointer, offset: Int) throws {
        let raw = statement.sqliteStatement
        sqlite3_bind_int64(raw, 3, Int64(count))
        sqlite3_bind_int64(raw, 4, Int64(offset))
        sqlite3_bind_text(raw, 5, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
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
        let rowID = sqlite3_last_insert_rowid(db.sqliteConnection)
        // Records that carry a source `id` (REST pages) keep source id → identity.
        if idMember.contains(in: bytes) {
            let source = insertSourceID.sqliteStatement
            sqlite3_bind_int64(source, 1, rowID)
            let code = sqlite3_step(source)
            sqlite3_reset(source)
            guard code == SQLITE_DONE else {
                throw StagingError.database(
                    path: fileName, message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
        if firstRecordID == nil { firstRecordID = rowID }
        lastRecordID = rowID
        count += 1
    }

    /// Ends the file: references of its records, extracted set-based in one statement.
    func finish() throws {
        sqlite3_bind_null(statement.sqliteStatement, 5)
        guard let first = firstRecordID, let last = lastRecordID else { return }
        let range: StatementArguments = [first, last]
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
                WHERE r.id BETWEEN ? AND ? AND CASE rel.name \(present.joined(separator: " ")) END
                """, arguments: range)
    }
}
