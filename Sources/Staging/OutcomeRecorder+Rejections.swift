import GRDB
import ResourceCatalog

extension OutcomeRecorder {
    /// Splits a completed import's `imported` outcomes into `updated` (the target held a
    /// record of that identity before: it is in the id map) and `created`; part of
    /// `recordChunkImported(_:)`, before the type's new target ids are recorded.
    static func classifyImported(_ chunk: ImportChunk, in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE outcomes SET outcome = CASE WHEN EXISTS (
                        SELECT 1 FROM records r JOIN id_map m ON m.type = r.type AND m.identity = r.identity
                        WHERE r.id = outcomes.record_id) THEN 'updated' ELSE 'created' END
                WHERE outcome = 'imported'
                    AND record_id IN (SELECT value FROM json_each((SELECT record_ids FROM chunks WHERE id = ?)))
                """, arguments: [chunk.id])
    }

    /// The staged records of `type` that already have one of these outcomes.
    package func recordIDs(type: ResourceType, withOutcome outcomes: Set<RecordOutcome>) throws -> Set<Int64> {
        guard !outcomes.isEmpty else { return [] }
        let list = outcomes.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
        return try read { db in
            try Set(
                Int64.fetchAll(
                    db, sql: "SELECT record_id FROM outcomes WHERE type = ? AND outcome IN (\(list))",
                    arguments: [type.rawValue]))
        }
    }

    /// Marks `records` of `type` rejected for `reason`.
    package func markRejected(_ records: [Int64], type: ResourceType, reason: String) throws {
        try write { db in
            let mark = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO outcomes (record_id, type, outcome, reason) VALUES (?, ?, 'rejected', ?)")
            for record in records { try mark.execute(arguments: [record, type.rawValue, reason]) }
        }
    }

    /// Forgets the rejections recorded for the chunk's records; part of `harvest` for a retry
    /// chunk (its records were rejected by the import they are sent again after).
    static func clearRejections(_ chunk: ImportChunk, in db: Database) throws {
        try db.execute(
            sql: """
                DELETE FROM outcomes WHERE outcome = 'rejected' AND record_id IN (
                    SELECT j.value FROM chunks c CROSS JOIN json_each(c.record_ids) j WHERE c.id = ?)
                """, arguments: [chunk.id])
    }
}
