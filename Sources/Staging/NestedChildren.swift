import GRDB
import ResourceCatalog

/// A child type whose new records are sent inside their parent's import inputs (a price's
/// `price_tiers`): each input that creates a parent carries the parent's staged children as
/// a nested array, each child reduced to its clonable attributes and tagged with its `type`
/// in `form` (`PriceVolumeTier` by default).
package struct NestedChildren: Sendable, Hashable {
    /// The child type (`price_volume_tiers`).
    package let type: ResourceType
    /// The child's relationship to the parent (`price`).
    package let relation: String
    /// The parent input's key for the array (`price_tiers`).
    package let key: String
    /// How each child names its type.
    package var form: NestedTypeForm

    package init(type: ResourceType, relation: String, key: String, form: NestedTypeForm = .className) {
        self.type = type
        self.relation = relation
        self.key = key
        self.form = form
    }

    /// Children of the chunk's records, by parent identity, in source order: `?1` child type,
    /// `?2` relation, `?3` chunk id. Reads the child type's references once per chunk.
    static let childrenSQL = """
        SELECT x.parent_identity, t.body, t.id FROM refs x JOIN records t ON t.id = x.record_id
        WHERE \(StagingStore.referenceScope("x")) AND x.relation = ?2 AND t.state != 'skipped'
            AND x.parent_identity IN (
                SELECT r.identity FROM chunks c CROSS JOIN json_each(c.record_ids) j JOIN records r ON r.id = j.value
                WHERE c.id = ?3)
        ORDER BY t.id
        """

    /// What a chunk's inputs carry for one child type, by parent identity.
    struct Members {
        /// `"<key>":[{"type":"<child type>",…},…]`.
        var arrays: [String: [UInt8]] = [:]
        /// The staged child records in each array.
        var recordIDs: [String: [Int64]] = [:]
    }

    /// The nested arrays for each parent identity of the chunk.
    func members(for chunk: ImportChunk, catalog: ResourceCatalog, in db: Database) throws -> Members {
        guard let spec = catalog[type] else { return Members() }
        let filter = JSONObjectFilter(keep: spec.clonableAttributes.map(\.name))
        let typeValue = JSONValue.string(form.value(for: spec)).canonicalJSON
        var arrays: [String: [UInt8]] = [:]
        var recordIDs: [String: [Int64]] = [:]
        let cursor = try Row.fetchCursor(
            db.cachedStatement(sql: Self.childrenSQL), arguments: [type.rawValue, relation, chunk.id])
        while let row = try cursor.next() {
            guard let parent = row[0] as String? else { continue }
            var output = arrays[parent] ?? Array("\(JSONValue.string(key).canonicalJSON):[".utf8)
            if output.last != UInt8(ascii: "[") { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: "{\"type\":\(typeValue)".utf8)
            try row.withUnsafeData(atIndex: 1) { data in
                data?.withUnsafeBytes { _ = filter.appendMembers(of: $0, to: &output, written: 1) }
            }
            output.append(UInt8(ascii: "}"))
            arrays[parent] = output
            recordIDs[parent, default: []].append(row[2])
        }
        return Members(arrays: arrays.mapValues { $0 + [UInt8(ascii: "]")] }, recordIDs: recordIDs)
    }
}

extension OutcomeRecorder {
    /// Marks as created the children sent nested in a chunk's inputs (`ImportPayload.nested`)
    /// whose parent input was not rejected (call after `harvest(chunk:errorsLog:)`). Idempotent.
    package func recordNestedCreated(_ payload: ImportPayload) throws {
        guard !payload.nested.isEmpty else { return }
        try write { db in
            let rejected = try Set(
                Int64.fetchAll(
                    db,
                    sql: """
                        SELECT o.record_id FROM chunks c CROSS JOIN json_each(c.record_ids) j
                        JOIN outcomes o ON o.record_id = j.value AND o.outcome = 'rejected' WHERE c.id = ?
                        """, arguments: [payload.chunk.id]))
            let mark = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO outcomes (record_id, type, outcome) VALUES (?, ?, 'created')")
            for (parent, children) in payload.nested where !rejected.contains(parent) {
                for child in children { try mark.execute(arguments: [child.recordID, child.type.rawValue]) }
            }
        }
    }

    /// Marks as created the children nested in the chunk's inputs that created their parent
    /// (call after `recordChunkImported(_:)`), when the payload sent is not at hand (an import
    /// found again after a restart). Idempotent.
    package func recordNestedCreated(_ chunk: ImportChunk, children: NestedChildren) throws {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO outcomes (record_id, type, outcome)
                    SELECT t.id, ?1, 'created' FROM refs x JOIN records t ON t.id = x.record_id
                    WHERE \(Self.referenceScope("x")) AND x.relation = ?2 AND t.state != 'skipped'
                        AND x.parent_identity IN (
                            SELECT r.identity FROM chunks c CROSS JOIN json_each(c.record_ids) j
                            JOIN records r ON r.id = j.value
                            JOIN outcomes o ON o.record_id = r.id AND o.outcome = 'created'
                            WHERE c.id = ?3)
                    """, arguments: [children.type.rawValue, children.relation, chunk.id])
        }
    }
}
