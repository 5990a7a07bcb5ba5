import GRDB
import GRDBSQLite
import ResourceCatalog

extension RecordInserter {
    /// The prepared statements of one file's insert, bound to its type and file once.
    struct Statements {
        /// One record, identity and source id computed in SQL.
        let record: Statement
        let insertSourceID: Statement
        let insertPlain: Statement
        let insertReference: Statement
        let insertSourcePair: Statement
        /// `rowsPerInsert` records in one statement.
        let insertRecords: Statement
        /// `2 * rowsPerInsert` references in one statement.
        let insertReferences: Statement

        /// Every statement.
        var all: [Statement] {
            [record, insertSourceID, insertPlain, insertReference, insertSourcePair, insertRecords, insertReferences]
        }

        init(db: Database, sql: RecordInserterSQL, recordIdentity: String, type: ResourceType, fileID: Int64) throws {
            record = try db.makeStatement(sql: sql.record(identity: recordIdentity))
            insertSourceID = try db.makeStatement(sql: RecordInserterSQL.sourceID)
            insertPlain = try db.makeStatement(sql: RecordInserterSQL.plainRecord)
            insertReference = try db.makeStatement(sql: RecordInserterSQL.reference)
            insertSourcePair = try db.makeStatement(sql: RecordInserterSQL.sourcePair)
            insertRecords = try db.makeStatement(sql: sql.records(parameters: RecordInserter.recordParameters))
            insertReferences = try db.makeStatement(sql: sql.references(parameters: RecordInserter.referenceParameters))
            for raw in [record.sqliteStatement, insertPlain.sqliteStatement, insertRecords.sqliteStatement] {
                sqlite3_bind_text(raw, 1, type.rawValue, -1, RecordInserter.transient)
                sqlite3_bind_int64(raw, 2, fileID)
            }
            for raw in [insertReference, insertSourcePair, insertReferences].map(\.sqliteStatement) {
                sqlite3_bind_text(raw, 1, type.rawValue, -1, RecordInserter.transient)
            }
        }
    }

    /// The records inserted so far: how many, the first and last ids.
    struct Inserted {
        var count = 0
        var first: Int64?
        var last: Int64?
    }
}
