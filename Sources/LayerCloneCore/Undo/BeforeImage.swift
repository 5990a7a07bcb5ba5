import Foundation
import GRDB
import ResourceCatalog

/// What a target record was before a run changed it, journaled before the change goes out:
/// what `layerclone undo` puts back.
package struct BeforeImage: Sendable, Equatable {
    /// What the run did to the record.
    package enum Action: String, Sendable {
        /// Created it (undo deletes it).
        case create
        /// Updated it (undo restores `fields`).
        case update
        /// Deleted it with `--prune` (undo creates it again from `fields`).
        case delete
    }

    package let type: ResourceType
    package let identity: String
    package let action: Action
    /// The record's id in the target (none for a create: it did not exist).
    package let targetID: String?
    /// The record's comparable fields before the change (`ComparableRecord.fields`:
    /// attributes, `disabled_at: true` when disabled, parents by identity); nil for a create.
    package let fields: [String: JSONValue]?

    package init(
        type: ResourceType, identity: String, action: Action, targetID: String?, fields: [String: JSONValue]?
    ) {
        self.type = type
        self.identity = identity
        self.action = action
        self.targetID = targetID
        self.fields = fields
    }
}

extension RunJournal {
    /// Records before-images; a record already imaged keeps its first image (the state before
    /// the run first touched it).
    package func recordBeforeImages(_ images: [BeforeImage]) throws {
        guard !images.isEmpty else { return }
        try write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO before_image (type, identity, action, target_id, fields)
                    VALUES (?, ?, ?, ?, ?)
                    """)
            for image in images {
                try insert.execute(
                    arguments: [
                        image.type.rawValue, image.identity, image.action.rawValue, image.targetID,
                        image.fields.map { JSONValue.object($0).canonicalJSON },
                    ])
            }
        }
    }

    /// Every before-image of the run.
    package func beforeImages() throws -> [BeforeImage] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT type, identity, action, target_id, fields FROM before_image ORDER BY rowid"
            ).compactMap { row in
                guard let action = BeforeImage.Action(rawValue: row["action"]) else { return nil }
                let text: String? = row["fields"]
                return BeforeImage(
                    type: ResourceType(rawValue: row["type"]), identity: row["identity"], action: action,
                    targetID: row["target_id"], fields: try text.flatMap { try JSONValue.parse($0).objectValue })
            }
        }
    }
}
