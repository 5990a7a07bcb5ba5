import GRDB
import ResourceCatalog

/// A staged record reduced to what a clone must reproduce: its clonable attributes (see
/// `ContentFingerprint.comparableAttributes`), its enabled/disabled state (`disabled_at: true`
/// when disabled, for types with the state; never the timestamp) and each parent by identity.
/// Two records with equal forms are the same
/// record, whatever their ids, timestamps or environment.
package struct ComparableRecord: Sendable, Hashable {
    /// The staged record (`records.id`).
    package let recordID: Int64
    /// The record's identity in the target (nil when staging could not compute one).
    package let identity: String?
    /// The record's id in the environment it was read from, when the export kept ids.
    package let environmentID: String?
    /// Attribute name → value, `disabled_at` → `true` for a disabled record, and relationship
    /// name → parent identity (as a string).
    package let fields: [String: JSONValue]
    /// `fields` as canonical JSON: equal texts mean equal records.
    package var form: String { JSONValue.object(fields).canonicalJSON }

    /// A hash of `form` that is the same in every process and release (64-bit FNV-1a of its
    /// UTF-8 bytes): what the drift guard keeps of a record layerclone wrote.
    package var formHash: Int64 { Self.hash(ofForm: form) }

    /// Identity → `formHash` of `records` (the first record of an identity; records without
    /// one left out): what the drift guard, `apply` and `--prune` compare.
    package static func fingerprints(of records: [ComparableRecord]) -> [String: Int64] {
        Dictionary(
            records.compactMap { record in record.identity.map { ($0, record.formHash) } },
            uniquingKeysWith: { first, _ in first })
    }

    /// `formHash` of a form already at hand.
    package static func hash(ofForm form: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in form.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}

extension StoreComparison {
    /// The comparable form of every staged record of `type`, in record order, in target
    /// identities (see `computeTargetIdentities(type:)`): the record's own and its parents'.
    ///
    /// A reference the `null` policy left out (its parent is not in the target) is not part of
    /// the form: the record is written without it, so it is not a difference.
    ///
    /// - Parameter excluding: relationships left out of the form (deferred ones, compared
    ///   by their patch instead).
    package func comparableRecords(type: ResourceType, excluding: Set<String> = []) throws -> [ComparableRecord] {
        let spec = try spec(type)
        let relations = spec.parentRelationships.map(\.name).filter { !excluding.contains($0) }
        // One column per relationship: the parent's target identity (a primary-key lookup).
        let parentColumns = relations.map { relation in
            """
            (SELECT COALESCE(
                (SELECT p.target_identity FROM records p
                 WHERE p.type = x.parent_type AND p.identity = x.parent_identity LIMIT 1),
                x.parent_identity)
             FROM refs x WHERE x.type = r.type AND x.relation = '\(relation)' AND x.record_id = r.id
                AND NOT EXISTS (
                    SELECT 1 FROM missing_refs m
                    WHERE m.record_id = r.id AND m.relation = x.relation AND m.action = 'nulled'))
            """
        }
        return try read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT r.id, COALESCE(r.target_identity, r.identity), r.source_id, r.body
                    \(parentColumns.map { ", " + $0 }.joined())
                    FROM records r WHERE r.type = ? ORDER BY r.id
                    """, arguments: [type.rawValue])
            var result: [ComparableRecord] = []
            while let row = try cursor.next() {
                let body = (try? JSONValue.parse(row[3] as String))?.objectValue ?? [:]
                var fields = ContentFingerprint.comparableAttributes(of: body, spec: spec)
                fields.merge(Self.stateField(body, spec: spec)) { _, state in state }
                for (index, relation) in relations.enumerated() {
                    if let identity = row[4 + index] as String? { fields[relation] = .string(identity) }
                }
                result.append(
                    ComparableRecord(recordID: row[0], identity: row[1], environmentID: row[2], fields: fields))
            }
            return result
        }
    }

    /// Marks the records of `type` whose form equals the target's record of the same identity
    /// as `unchanged` (they are not written), and says what the rest will do.
    ///
    /// - Parameter target: identity → comparable form of the target's records (see
    ///   `comparableRecords(type:excluding:)` on the store holding the target's scan).
    /// - Returns: how many records will be created, updated, or left as they are. Skipped
    ///   records (missing references) and records created nested in their parent's import are
    ///   not counted.
    /// - Parameters:
    ///   - createNew: write records the target does not hold (false: they are skipped, with
    ///     the reason, as `update-only` plans ask).
    ///   - updateExisting: write records the target holds with other content (false: they are
    ///     left as they are, as `create-missing` plans ask).
    ///   - held: identity → why the record must be left as it is (its target record changed
    ///     since layerclone last wrote it, or since the diff being applied was taken): such a
    ///     record that would be created or updated is not, with the outcome `drifted` and
    ///     that reason.
    @discardableResult
    package func markUnchanged(
        type: ResourceType, target: [String: String], excluding: Set<String> = [], createNew: Bool = true,
        updateExisting: Bool = true, held: [String: String] = [:]
    ) throws -> WritePlanCounts {
        let source = try comparableRecords(type: type, excluding: excluding)
        // Left out: skipped records, and those already created with their parent (nested in
        // its import).
        let skipped = try read { db in
            try Set(
                Int64.fetchAll(
                    db,
                    sql: """
                        SELECT id FROM records WHERE type = ?1 AND \(Self.setAside("records")) AND state = 'skipped'
                        UNION SELECT record_id FROM outcomes WHERE type = ?1 AND outcome = 'created'
                        """, arguments: [type.rawValue]))
        }
        var counts = WritePlanCounts()
        var unchanged: [Int64] = []
        var notCreated: [Int64] = []
        var leftDrifted: [(id: Int64, reason: String)] = []
        for record in source where !skipped.contains(record.recordID) {
            guard let identity = record.identity, let existing = target[identity] else {
                if let reason = record.identity.flatMap({ held[$0] }), createNew {
                    counts.drifted += 1
                    leftDrifted.append((record.recordID, reason))
                } else if createNew {
                    counts.create += 1
                } else {
                    notCreated.append(record.recordID)
                }
                continue
            }
            if existing == record.form || !updateExisting {
                counts.unchanged += 1
                unchanged.append(record.recordID)
            } else if let reason = held[identity] {
                counts.drifted += 1
                leftDrifted.append((record.recordID, reason))
            } else {
                counts.update += 1
            }
        }
        try write { db in
            try db.execute(
                sql:
                    "UPDATE records SET state = 'staged' WHERE type = ? AND \(Self.setAside("records")) AND state = 'unchanged'",
                arguments: [type.rawValue])
            let statement = try db.cachedStatement(sql: "UPDATE records SET state = 'unchanged' WHERE id = ?")
            for id in unchanged { try statement.execute(arguments: [id]) }
            let skip = try db.cachedStatement(sql: "UPDATE records SET state = 'skipped' WHERE id = ?")
            let outcome = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO outcomes (record_id, type, outcome, reason)
                    VALUES (?, ?, 'skipped', 'not in the target, and the plan only updates (write: update-only)')
                    """)
            for id in notCreated {
                try skip.execute(arguments: [id])
                try outcome.execute(arguments: [id, type.rawValue])
            }
            let driftOutcome = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO outcomes (record_id, type, outcome, reason) VALUES (?, ?, 'drifted', ?)")
            for (id, reason) in leftDrifted {
                try skip.execute(arguments: [id])
                try driftOutcome.execute(arguments: [id, type.rawValue, reason])
            }
        }
        return counts
    }

    /// The number of staged records of `type`.
    package func recordCount(type: ResourceType) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM records WHERE type = ?", arguments: [type.rawValue]) ?? 0
        }
    }

}

/// What a write of one type will do, decided before anything is sent.
package struct WritePlanCounts: Sendable, Hashable, Codable {
    package var create = 0
    package var update = 0
    package var unchanged = 0
    /// Records left as they are because the target's changed since layerclone wrote it (or
    /// since the diff being applied was taken).
    package var drifted = 0

    package init() {}
}
