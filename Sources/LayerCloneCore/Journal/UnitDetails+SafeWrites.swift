import ResourceCatalog

/// The detail of a prune unit: the records of the type it deletes, with their bodies as read
/// (planned before the first delete), and those it leaves, with why.
package struct PruneDetail: UnitDetail {
    package static let kind = WorkUnitKind.prune

    /// One target record the source lacks.
    package struct Record: Codable, Sendable, Equatable {
        package var identity: String
        package var id: String
        /// The record as the target's read found it.
        package var body: JSONValue
    }

    package var records: [Record]
    /// Identity → why the record is left (refused by the target, over the limit, changed
    /// since the diff being applied).
    package var refused: [String: String]
    /// More records would have gone than `--max-deletes` allows: none is deleted.
    package var overLimit: Bool
    package var maxDeletes: Int

    enum CodingKeys: String, CodingKey {
        case records, refused
        case overLimit = "over_limit"
        case maxDeletes = "max_deletes"
    }
}

/// The detail of an undo unit: the records of the type whose cycle-closing relationships it
/// unset before deleting them (journaled before the first such change), and how many records
/// it put back.
package struct UndoDetail: UnitDetail {
    package static let kind = WorkUnitKind.undo
    package var undone: Int
    /// Identities unlinked by this undo: changed by it, not by someone else.
    package var unlinked: [String]?
}
