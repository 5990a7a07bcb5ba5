import Foundation
import ResourceCatalog

/// What `--prune` may delete: target records of the plan's types that the source lacks, at
/// most `maxDeletes` of them (more, and it deletes none).
package struct PruneRule: Sendable, Hashable {
    package let maxDeletes: Int

    package init(maxDeletes: Int) {
        self.maxDeletes = maxDeletes
    }
}

/// What a run's prune did, as its journal records it (`prune:<type>` units).
package struct PruneOutcome: Sendable, Equatable {
    /// One target record the source lacks.
    package struct Entry: Sendable, Equatable {
        package let type: ResourceType
        package let identity: String
        /// Whether it was deleted.
        package let deleted: Bool
        /// Why it was not, when it was not.
        package let reason: String?
    }

    package let entries: [Entry]
    /// More records would have gone than `--max-deletes` allows: none was deleted.
    package let overLimit: Bool
    package let maxDeletes: Int

    package var deletedCount: Int { entries.filter(\.deleted).count }
    /// Records left in the target that the prune meant to delete.
    package var notDeletedCount: Int { entries.count - deletedCount }

    /// The prune recorded in `journal`; nil when the run did not prune.
    package static func recorded(in journal: RunJournal) throws -> PruneOutcome? {
        let units = try journal.units(kind: .prune)
        guard !units.isEmpty else { return nil }
        var entries: [Entry] = []
        var overLimit = false
        var maxDeletes = 0
        for unit in units {
            guard let detail = try unit.detail(PruneDetail.self) else { continue }
            overLimit = overLimit || detail.overLimit
            maxDeletes = detail.maxDeletes
            for record in detail.records {
                let reason = detail.refused[record.identity]
                let deleted = unit.state == .completed && reason == nil
                entries.append(
                    Entry(
                        type: unit.type, identity: record.identity, deleted: deleted,
                        reason: deleted ? nil : reason ?? "not deleted: the run stopped before it"))
            }
        }
        return PruneOutcome(entries: entries, overLimit: overLimit, maxDeletes: maxDeletes)
    }
}
