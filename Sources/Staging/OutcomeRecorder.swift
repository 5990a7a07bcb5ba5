import GRDB
import ResourceCatalog

extension OutcomeRecorder {
    /// Maps an import's `errors_log` back to the chunk's records and marks them rejected.
    ///
    /// `errorsLog` is an object keyed by the failing input's identifier (its `code` where it
    /// has one, else `"unknown"`) whose values map attributes to messages. A key is matched
    /// against the inputs' `code`, then against their code-style references (`sku_code`).
    /// A key that names exactly one input rejects it. A key that names none (`"unknown"`
    /// among them) or several (prices of two price lists sharing a `sku_code`: which one failed
    /// cannot be told) is returned as unattributed, with the identities of the inputs it
    /// names, and pinned on no record. Call `recordChunkImported(_:)` afterwards for the rest.
    ///
    /// A retry chunk's records (`ImportChunk.retryOf`) lose the rejections the import they are
    /// sent again after gave them first, in the same transaction.
    @discardableResult
    package func harvest(chunk: ImportChunk, errorsLog: JSONValue) throws -> HarvestResult {
        let entries = errorsLog.objectValue ?? [:]
        let sql = try keyedRecordsSQL(chunk.type)
        return try write { db in
            if chunk.retryOf != nil { try Self.clearRejections(chunk, in: db) }
            let byCode = try db.cachedStatement(sql: sql)
            let mark = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO outcomes (record_id, type, outcome, reason) VALUES (?, ?, 'rejected', ?)")
            var rejected: [RejectedRecord] = []
            var unattributed: [String] = []
            for key in entries.keys.sorted() {
                let reason = Self.reason(entries[key]!)
                let rows =
                    key == "unknown" ? [] : try Row.fetchAll(byCode, arguments: [chunk.id, key, chunk.type.rawValue])
                if rows.isEmpty {
                    unattributed.append("\(key): \(reason)")
                    continue
                }
                guard rows.count == 1, let row = rows.first else {
                    let named = rows.map { $0[1] as String? ?? "record \($0[0] as Int64)" }
                    unattributed.append(
                        "\(key): \(reason) (the key names \(rows.count) inputs: \(named.joined(separator: ", ")))")
                    continue
                }
                try mark.execute(arguments: [row[0], chunk.type.rawValue, reason])
                rejected.append(RejectedRecord(recordID: row[0], identity: row[1], reason: reason))
            }
            return HarvestResult(rejected: rejected, unattributed: unattributed)
        }
    }

    /// Marks the chunk's records that have no outcome yet as created, or updated where the
    /// target held a record of their identity (it is in the id map): call when the import
    /// completed, after `harvest` and before the type's new target ids are recorded. One
    /// transaction, so no record is left `imported` without the split.
    package func recordChunkImported(_ chunk: ImportChunk) throws {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO outcomes (record_id, type, outcome)
                    SELECT j.value, ?, 'imported' FROM chunks c CROSS JOIN json_each(c.record_ids) j WHERE c.id = ?
                    """, arguments: [chunk.type.rawValue, chunk.id])
            try Self.classifyImported(chunk, in: db)
        }
    }

    /// Records the outcome of one record (REST writes, or decisions of the clone job).
    package func recordOutcome(
        recordID: Int64, type: ResourceType, _ outcome: RecordOutcome, reason: String? = nil, targetID: String? = nil
    ) throws {
        try write { db in
            try db.execute(
                sql:
                    "INSERT OR REPLACE INTO outcomes (record_id, type, outcome, reason, target_id) VALUES (?, ?, ?, ?, ?)",
                arguments: [recordID, type.rawValue, outcome.rawValue, reason, targetID])
        }
    }

    /// Records of `type` per outcome (records without one are not counted).
    package func outcomeCounts(type: ResourceType) throws -> [RecordOutcome: Int] {
        try read { db in
            var counts: [RecordOutcome: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT outcome, count(*) FROM outcomes WHERE type = ? GROUP BY outcome",
                arguments: [type.rawValue])
            {
                if let outcome = RecordOutcome(rawValue: row[0]) { counts[outcome] = row[1] }
            }
            return counts
        }
    }

    /// The rejected records of `type`, in record order.
    package func rejectedRecords(type: ResourceType) throws -> [RejectedRecord] {
        try records(type: type, withOutcome: .rejected)
    }

    /// The records of `type` with `outcome`, with their identity and reason, in record order.
    package func records(type: ResourceType, withOutcome outcome: RecordOutcome) throws -> [RejectedRecord] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT o.record_id, r.identity, COALESCE(o.reason, '') FROM outcomes o
                    JOIN records r ON r.id = o.record_id
                    WHERE o.type = ? AND o.outcome = ? ORDER BY o.record_id
                    """, arguments: [type.rawValue, outcome.rawValue]
            ).map { RejectedRecord(recordID: $0[0], identity: $0[1], reason: $0[2]) }
        }
    }

    /// `attribute: message, message; …` from an `errors_log` value.
    static func reason(_ value: JSONValue) -> String {
        guard let members = value.objectValue else { return value.stringValue ?? value.canonicalJSON }
        return members.keys.sorted().map { key in
            let messages = members[key]!.arrayValue?.map { $0.stringValue ?? $0.canonicalJSON }
            return "\(key): "
                + (messages?.joined(separator: ", ") ?? members[key]!.stringValue ?? members[key]!.canonicalJSON)
        }.joined(separator: "; ")
    }
}

extension StagingRole {
    /// The chunk's records an `errors_log` key names: parameters ?1 chunk id, ?2 key, ?3 type;
    /// columns id, identity. A key is matched against the inputs' `code`, then against their
    /// code-style references (`sku_code`).
    func keyedRecordsSQL(_ type: ResourceType) throws -> String {
        let codeRelations = try spec(type).codeReferences.map { "'\($0.relationship)'" }
        let byCodeReference =
            codeRelations.isEmpty
            ? "?3 IS NULL"
            : """
            EXISTS (SELECT 1 FROM refs x WHERE x.type = ?3 AND x.relation IN (\(codeRelations.joined(separator: ", ")))
                AND x.record_id = r.id AND x.code_value = ?2)
            """
        return """
            SELECT r.id, r.identity FROM chunks c CROSS JOIN json_each(c.record_ids) j JOIN records r ON r.id = j.value
            WHERE c.id = ?1 AND (CAST(json_extract(r.body, '$.code') AS TEXT) = ?2
                OR (json_extract(r.body, '$.code') IS NULL AND \(byCodeReference)))
            ORDER BY j.key
            """
    }
}
