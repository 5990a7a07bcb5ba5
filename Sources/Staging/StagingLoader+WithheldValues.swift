import GRDB
import ResourceCatalog

/// An environment-specific value left out of the writes of one record.
package struct WithheldValue: Sendable, Hashable {
    package let type: ResourceType
    /// The record's identity (see `IdentitySQL`).
    package let identity: String
    package let field: String
}

extension StagingLoader {
    /// Removes environment-specific values from the staged records of `type`, so they are
    /// never written to the target, and remembers which records held one (`withheldValues`).
    ///
    /// `fields` maps each field to the values it may keep (the target values a plan mapped it
    /// to); any other non-null value is removed. Idempotent: a second call (a resume) finds
    /// nothing left to remove and keeps what the first one recorded. Call after `apply(_:to:)`.
    /// - Throws: `StagingError.invalidTransform` for a field that is not an attribute of the type.
    package func withholdEnvironmentValues(of type: ResourceType, fields: [String: [JSONValue]]) throws {
        guard !fields.isEmpty else { return }
        let spec = try spec(type)
        for field in fields.keys where spec.attribute(field) == nil || field.contains("\"") {
            throw StagingError.invalidTransform(
                type: type, transform: "withhold \(field)", reason: "\"\(field)\" is not an attribute of \(type)")
        }
        let scope = Self.typeScope("records")
        try write { db in
            for (field, kept) in fields.sorted(by: { $0.key < $1.key }) {
                let path = Self.jsonPath(field)
                let keptJSON = JSONValue.array(kept).canonicalJSON
                let condition = """
                    \(scope) AND json_type(body, '\(path)') IS NOT NULL AND json_type(body, '\(path)') != 'null'
                        AND (body -> '\(path)') NOT IN (SELECT json_quote(k.value) FROM json_each(?2) k)
                    """
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO withheld_values (type, identity, field)
                        SELECT ?1, coalesce(identity, '#' || id), ?3 FROM records WHERE \(condition)
                        """, arguments: [type.rawValue, keptJSON, field])
                try db.execute(
                    sql: "UPDATE records SET body = json_remove(body, '\(path)') WHERE \(condition)",
                    arguments: [type.rawValue, keptJSON])
            }
        }
    }

    /// How many staged records of `type` hold no value (absent or null) for `field`.
    package func countLacking(_ field: String, type: ResourceType) throws -> Int {
        let path = Self.jsonPath(field)
        return try read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM records WHERE \(Self.typeScope("records"))
                        AND coalesce(json_type(body, '\(path)'), 'null') = 'null'
                    """, arguments: [type.rawValue]) ?? 0
        }
    }

    /// The values `withholdEnvironmentValues` left out for `type`, by identity then field.
    package func withheldValues(type: ResourceType) throws -> [WithheldValue] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT identity, field FROM withheld_values WHERE type = ? ORDER BY identity, field",
                arguments: [type.rawValue]
            ).map { WithheldValue(type: type, identity: $0[0], field: $0[1]) }
        }
    }
}
