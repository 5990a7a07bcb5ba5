import GRDB
import ResourceCatalog

/// Record operations inside one store transaction. Only valid inside the `read` / `write`
/// closure that handed it out.
package struct RecordTransaction {
    let db: Database

    /// The record with this id in `environment`, of any type.
    package func find(id: String, environment: SandboxEnvironment) throws -> StoredRecord? {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT type, body FROM records WHERE id = ? AND env = ?"),
            arguments: [id, environment.rawValue])
        guard let row else { return nil }
        return try StoredRecord(id: id, type: ResourceType(row[0] as String), environment: environment, body: row[1])
    }

    /// The record of one of `types` whose natural key is `key`.
    package func find(types: [ResourceType], environment: SandboxEnvironment, naturalKey key: String) throws
        -> StoredRecord?
    {
        for type in types {
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id, body FROM records WHERE env = ? AND type = ? AND natural_key = ?"),
                arguments: [environment.rawValue, type.rawValue, key])
            if let row {
                return try StoredRecord(id: row[0], type: type, environment: environment, body: row[1])
            }
        }
        return nil
    }

    /// The first record of one of `types` whose attribute `name` equals `value` (scans; prefer
    /// `find(types:environment:naturalKey:)` when the attribute is the natural key).
    package func find(types: [ResourceType], environment: SandboxEnvironment, attribute name: String, value: String)
        throws -> StoredRecord?
    {
        for type in types {
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT id, body FROM records WHERE env = ? AND type = ? AND json_extract(body, ?) = ? LIMIT 1"
                ),
                arguments: [environment.rawValue, type.rawValue, "$.attributes.\(name)", value])
            if let row {
                return try StoredRecord(id: row[0], type: type, environment: environment, body: row[1])
            }
        }
        return nil
    }

    /// Every record of one of `types` whose attribute `name` equals `value` (scans).
    package func records(types: [ResourceType], environment: SandboxEnvironment, attribute name: String, value: String)
        throws -> [StoredRecord]
    {
        var found: [StoredRecord] = []
        for type in types {
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT id, body FROM records WHERE env = ? AND type = ? AND json_extract(body, ?) = ?"),
                arguments: [environment.rawValue, type.rawValue, "$.attributes.\(name)", value])
            for row in rows {
                found.append(try StoredRecord(id: row[0], type: type, environment: environment, body: row[1]))
            }
        }
        return found
    }

    /// Inserts a record. The caller has validated it.
    /// - Throws: a GRDB constraint error when the id or natural key is taken.
    package func insert(_ record: StoredRecord, naturalKey: String?) throws {
        try db.cachedStatement(sql: "INSERT INTO records (id, env, type, natural_key, body) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [
                record.id, record.environment.rawValue, record.type.rawValue, naturalKey, record.bodyJSON,
            ])
    }

    /// Replaces a record's body and natural key.
    package func update(_ record: StoredRecord, naturalKey: String?) throws {
        try db.cachedStatement(sql: "UPDATE records SET natural_key = ?, body = ? WHERE id = ? AND env = ?")
            .execute(arguments: [naturalKey, record.bodyJSON, record.id, record.environment.rawValue])
    }

    /// Deletes a record; returns whether it existed.
    @discardableResult
    /// The id of a record of `type` whose to-one `relationship` points at `id`, if any (scans).
    package func firstReferrer(type: ResourceType, relationship: String, id: String, environment: SandboxEnvironment)
        throws -> String?
    {
        try String.fetchOne(
            db.cachedStatement(
                sql: "SELECT id FROM records WHERE env = ? AND type = ? AND json_extract(body, ?) = ? LIMIT 1"),
            arguments: [environment.rawValue, type.rawValue, "$.relationships.\(relationship).id", id])
    }

    /// Deletes the records of `type` whose to-one `relationship` points at `id`.
    package func deleteReferrers(type: ResourceType, relationship: String, id: String, environment: SandboxEnvironment)
        throws
    {
        try db.cachedStatement(sql: "DELETE FROM records WHERE env = ? AND type = ? AND json_extract(body, ?) = ?")
            .execute(arguments: [environment.rawValue, type.rawValue, "$.relationships.\(relationship).id", id])
    }

    package func delete(id: String, environment: SandboxEnvironment) throws -> Bool {
        try db.cachedStatement(sql: "DELETE FROM records WHERE id = ? AND env = ?")
            .execute(arguments: [id, environment.rawValue])
        return db.changesCount > 0
    }

    /// The number of records of `type` in `environment`.
    package func count(type: ResourceType, environment: SandboxEnvironment) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM records WHERE env = ? AND type = ?"),
            arguments: [environment.rawValue, type.rawValue]) ?? 0
    }

    /// The records matching `query` (one page when it has a limit) and the total number of
    /// matching records.
    package func list(_ query: RecordQuery) throws -> (records: [StoredRecord], total: Int) {
        let compiled = try query.compile()
        let total =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM records r WHERE \(compiled.where)",
                arguments: compiled.arguments) ?? 0
        var sql = "SELECT r.id, r.type, r.body FROM records r WHERE \(compiled.where) ORDER BY \(compiled.orderBy)"
        if let limit = query.limit { sql += " LIMIT \(limit) OFFSET \(query.offset)" }
        let rows = try Row.fetchAll(db, sql: sql, arguments: compiled.arguments)
        let records = try rows.map { row in
            try StoredRecord(
                id: row[0], type: ResourceType(row[1] as String), environment: query.environment, body: row[2])
        }
        return (records, total)
    }
}
