import Foundation
import GRDBSQLite

extension RecordInserter {
    /// Binds a span of `bytes` without copying (SQLite only reads it during the step).
    static func bind(
        _ statement: OpaquePointer?, _ index: Int32, _ span: ElementBatch.Span, _ bytes: UnsafeBufferPointer<UInt8>
    ) {
        guard !span.isNull else {
            sqlite3_bind_null(statement, index)
            return
        }
        let pointer = UnsafeRawPointer(bytes.baseAddress! + span.start).assumingMemoryBound(to: CChar.self)
        sqlite3_bind_text(statement, index, pointer, Int32(span.count), nil)
    }

    /// A record waiting for the multi-row insert: its values, spans of the batch's bytes.
    struct PendingRecord {
        var id: Int64
        var position: Int64
        var offset: Int64
        var sourceID: ElementBatch.Span
        var identity: ElementBatch.Span
        var body: ElementBatch.Span
    }

    /// A reference waiting for the multi-row insert.
    struct PendingReference {
        var relation: Int
        var recordID: Int64
        var parentIdentity: ElementBatch.Span
        var codeValue: ElementBatch.Span
    }
}

/// The SQL a `RecordInserter` prepares once per file: single-row inserts of records, their
/// source ids and references, and the multi-row inserts of `rows` records (`2 * rows`
/// references) at once.
struct RecordInserterSQL {
    let rows: Int

    /// One record whose source id and identity SQLite computes from its body (`?5`).
    func record(identity: String) -> String {
        """
        INSERT INTO records (id, type, file_id, position, source_offset, source_id, identity, body)
        VALUES (?6, ?1, ?2, ?3, ?4, CAST(json_extract(?5, '$.id') AS TEXT), \(identity), ?5)
        """
    }

    /// The source id → identity pair of the record `?1`, from its row.
    static let sourceID = """
        INSERT OR REPLACE INTO source_ids (type, source_id, identity)
        SELECT type, source_id, identity FROM records
        WHERE id = ?1 AND source_id IS NOT NULL AND identity IS NOT NULL
        """

    /// One record with its source id and identity given.
    static let plainRecord = """
        INSERT INTO records (id, type, file_id, position, source_offset, source_id, identity, body)
        VALUES (?8, ?1, ?2, ?3, ?4, ?6, ?7, ?5)
        """

    /// One reference.
    static let reference = """
        INSERT OR REPLACE INTO refs (type, relation, record_id, parent_type, parent_identity, code_value)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        """

    /// One source id → identity pair.
    static let sourcePair = "INSERT OR REPLACE INTO source_ids (type, source_id, identity) VALUES (?1, ?2, ?3)"

    /// `rows` records, `parameters` each after the shared ?1 type and ?2 file id.
    func records(parameters: Int32) -> String {
        let values = (0..<Int32(rows)).map { row in
            let base = 2 + row * parameters
            return "(?\(base + 1), ?1, ?2, ?\(base + 2), ?\(base + 3), ?\(base + 4), ?\(base + 5), ?\(base + 6))"
        }
        return """
            INSERT INTO records (id, type, file_id, position, source_offset, source_id, identity, body)
            VALUES \(values.joined(separator: ", "))
            """
    }

    /// `2 * rows` references, `parameters` each after the shared ?1 type.
    func references(parameters: Int32) -> String {
        let values = (0..<Int32(2 * rows)).map { row in
            let base = 1 + row * parameters
            return "(?1, ?\(base + 1), ?\(base + 2), ?\(base + 3), ?\(base + 4), ?\(base + 5))"
        }
        return """
            INSERT OR REPLACE INTO refs (type, relation, record_id, parent_type, parent_identity, code_value)
            VALUES \(values.joined(separator: ", "))
            """
    }
}
